// Loaded (not inline: the Content-Security-Policy allows no inline script) at the top of <body>,
// before anything renders, so GOV.UK Frontend's JavaScript-only styles apply without a flash.
document.body.className += " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
