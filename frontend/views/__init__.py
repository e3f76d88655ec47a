"""The page views, one module per audience. Each view validates, calls a selector or a service,
and renders; an HTMX request gets a named partial of the same template."""
