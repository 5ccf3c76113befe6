/**
 * The browser-security kit every server with pages uses, so the rules live in one place: cookies
 * ({@link dev.contentpay.platform.web.Cookies}: HttpOnly, SameSite, the Secure rule and its name
 * prefixes), form tokens against cross-site posts ({@link dev.contentpay.platform.web.FormTokens}
 * with {@link dev.contentpay.platform.web.OriginCheck}), and the headers of every page
 * ({@link dev.contentpay.platform.web.PageHeaders},
 * {@link dev.contentpay.platform.web.ContentSecurityPolicy}). docs/WEB.md says why each rule is as
 * it is.
 */
package dev.contentpay.platform.web;
