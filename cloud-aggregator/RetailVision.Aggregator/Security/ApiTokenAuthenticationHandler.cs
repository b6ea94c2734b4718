using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RetailVision.Aggregator.Security;

/// <summary>
/// <c>Authorization: Bearer rv_…</c> against the configured <see cref="ApiTokenTable"/>. Refusals are problem details:
/// 401 names what is missing or wrong with the credentials, 403 says the token does not cover what was asked.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiTokenTable tokens, IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiToken";
    private const string BearerPrefix = "Bearer ";
    private const int MaxTokenLength = 256;
    private string _failure = "this request needs an API token: send 'Authorization: Bearer <token>' (tokens are made with 'retailvision-aggregator create-token')";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return Task.FromResult(AuthenticateResult.NoResult());
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
            return Fail("the Authorization header must be 'Bearer <token>'");
        var token = header[BearerPrefix.Length..].Trim();
        if (token.Length is 0 or > MaxTokenLength) return Fail("the bearer token is empty or too long to be an API token");
        if (tokens.Find(token) is not { } caller) return Fail("the API token is not known to this aggregator (mistyped or revoked)");
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(caller.ToPrincipal(SchemeName), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return WriteProblem("Authentication required", _failure);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        var caller = ApiCaller.From(Context.User);
        var detail = caller is null
            ? "the token does not allow this request"
            : caller.Role == ApiRole.Manager
                ? $"token '{caller.Name}' covers store(s) {string.Join(", ", caller.Stores.Order(StringComparer.Ordinal).Select(s => $"'{s}'"))} only, as a manager"
                : $"token '{caller.Name}' ({caller.Role}) may not make this request";
        return WriteProblem("Forbidden", detail);
    }

    private Task<AuthenticateResult> Fail(string reason)
    {
        _failure = reason;
        return Task.FromResult(AuthenticateResult.Fail(reason));
    }

    private Task WriteProblem(string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = Response.StatusCode, Title = title, Detail = detail },
        }).AsTask();
}
