"""One module per `esa` subcommand; each exposes ``register(subparsers)``."""
