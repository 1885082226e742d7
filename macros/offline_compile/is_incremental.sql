{#-
    is_incremental(), overridden so that the offline T-SQL check can compile both branches of
    every incremental model with no server (`esa tsql-check`, `make tsql-check`).

    var esa_incremental_branch (or, when the var is unset, env var ESA_INCREMENTAL_BRANCH, which the
    check uses so that switching branches does not invalidate dbt's partial parsing):
      unset / ''    dbt's own behaviour (asks the database whether the table exists); false in a unit
                    test that gives no `this` input (there is no table to ask about: the full branch);
      'full'        the first-run / full-refresh branch: false;
      'incremental' the incremental branch: true for an incremental model (false during parsing and
                    under --full-refresh, as in dbt), without asking the database.
-#}
{% macro is_incremental() %}
    {%- set branch = var('esa_incremental_branch', env_var('ESA_INCREMENTAL_BRANCH', '')) -%}
    {%- if branch in (none, '') -%}
        {{ return(this is not none and dbt.is_incremental()) }}
    {%- elif branch == 'full' -%}
        {{ return(false) }}
    {%- elif branch == 'incremental' -%}
        {{ return(execute and model.config.materialized == 'incremental' and not should_full_refresh()) }}
    {%- else -%}
        {{ exceptions.raise_compiler_error(
            "var esa_incremental_branch must be 'full', 'incremental' or unset, not '" ~ branch ~ "'"
        ) }}
    {%- endif -%}
{% endmacro %}


{#-
    offline_compile(): true when the offline T-SQL check is compiling (var esa_incremental_branch
    or env var ESA_INCREMENTAL_BRANCH is set). Guard every run_query with
    `if execute and not offline_compile()` so that the model
    compiles with no server, and give the offline branch a static fallback.
-#}
{% macro offline_compile() %}
    {{ return(var('esa_incremental_branch', env_var('ESA_INCREMENTAL_BRANCH', '')) not in (none, '')) }}
{% endmacro %}
