{#
    check_landed_csv(landing_path): a pre-hook of the staging models that read a CSV feed of the lake.
    Before DuckDB parses the feed, every file is read as text and checked for the format mistakes its
    CSV reader would misreport (a CRLF file is read as a "schema mismatch in glob", or silently as
    fewer rows; an unquoted decimal comma shifts the columns): CRLF line ends, a byte-order mark, a
    line whose field count differs from the header's. Any finding fails the model with one line per
    file naming the file and what is wrong. Values that parse badly inside well-formed lines (a quoted
    decimal comma) are not errors here: the rejected models quarantine them.
    Other targets read the feed through external tables (their reader rejects such rows itself): no-op.
#}
{% macro check_landed_csv(landing_path) %}
    {% if execute and target.type == 'duckdb' %}
        {% set files = landing_path_literal(landing_path ~ '/[!._]*/[!._]*.csv') %}
        {% set query %}
            with

            files as (
                select
                    filename,
                    content
                from read_text({{ files }})
            ),

            lines as (
                select
                    filename,
                    unnest(string_split(content, chr(10))) as line_text,
                    generate_subscripts(string_split(content, chr(10)), 1) as line_no
                from files
                where not contains(content, chr(13))
            ),

            counted as (
                select
                    filename,
                    line_no,
                    length(regexp_replace(line_text, '"[^"]*"', '', 'g'))
                    - length(replace(regexp_replace(line_text, '"[^"]*"', '', 'g'), ',', '')) + 1 as field_count
                from lines
                where line_text <> ''
            ),

            problems as (
                select
                    filename,
                    0 as line_no,
                    'has CRLF line ends; the landing contract requires LF' as problem
                from files
                where contains(content, chr(13))
                union all
                select
                    filename,
                    0 as line_no,
                    'starts with a byte-order mark; the landing contract requires UTF-8 without one' as problem
                from files
                where starts_with(content, chr(65279))
                union all
                select
                    c.filename,
                    c.line_no,
                    concat('line ', c.line_no, ' has ', c.field_count, ' fields but the header has ', h.field_count,
                        ' (an unquoted decimal comma, or a value with a comma that is not quoted?)') as problem
                from counted as c
                inner join counted as h on c.filename = h.filename and h.line_no = 1
                where c.field_count <> h.field_count
            )

            select
                filename,
                min_by(problem, line_no) as problem,
                count(*) as findings
            from problems
            group by filename
            order by filename
        {% endset %}
        {% set found = run_query(query) %}
        {% if found.rows | length > 0 %}
            {% set lines = [] %}
            {% for row in found.rows %}
                {% do lines.append('lake file ' ~ row[0] ~ ': ' ~ row[1]
                    ~ (' (and ' ~ (row[2] - 1) ~ ' more lines like it)' if row[2] > 1 else '')) %}
            {% endfor %}
            {% do exceptions.raise_compiler_error(
                'malformed CSV in ' ~ landing_path ~ ' (' ~ found.rows | length ~ ' files):\n' ~ lines | join('\n')) %}
        {% endif %}
    {% endif %}
{% endmacro %}
