"""Static files storage for production.

WhiteNoise's compressed manifest storage gives every collected file a content-hashed name
(dist/app.js -> dist/app.0123456789ab.js) and WhiteNoise lets browsers cache hashed names for
good. Django only rewrites the references it knows about (url() and @import in CSS, source maps),
so a module imported by one of our scripts (app.js: `import … from "./govuk-frontend.min.js"`)
would still be fetched by its plain name and cached for only 60 seconds. This storage also
rewrites relative ES module specifiers in the built scripts under dist/ to the hashed names.

Only dist/ is rewritten: static/js/ holds the sources (collected too, but never loaded by a page),
whose relative imports only resolve once the build has copied GOV.UK Frontend next to them.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage

# A relative module specifier after `from` (static import/export) or `import` (side-effect or
# dynamic import): `from "./x.js"`, `import "./x.js"`, `import("./x.js")`. Our own modules are
# hand-written, so this need not parse JavaScript in general; Django's optional
# support_js_module_import_aggregation would also scan every third-party script.
MODULE_SPECIFIER = (
    r"""(?P<matched>\b(?P<keyword>from|import)(?P<gap>\s*\(?\s*)(?P<quote>["'])(?P<url>\.{1,2}/[^"'\s]+)(?P=quote))""",
    "%(keyword)s%(gap)s%(quote)s%(url)s%(quote)s",
)


class HashedModulesStaticFilesStorage(CompressedManifestStaticFilesStorage):
    patterns = CompressedManifestStaticFilesStorage.patterns + (
        ("dist/*.js", (MODULE_SPECIFIER,)),
        ("dist/*.mjs", (MODULE_SPECIFIER,)),
    )
