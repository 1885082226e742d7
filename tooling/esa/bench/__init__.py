"""`esa bench`: the benchmark harness (scale curve of generation and dbt builds; PR checks; generator sweep)."""
