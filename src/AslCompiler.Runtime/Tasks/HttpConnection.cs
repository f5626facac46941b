using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace AslCompiler.Runtime.Tasks;

/// <summary>
/// Resolves the EventBridge connection an HTTP Task names (<c>InvocationConfig.ConnectionArn</c> or
/// <c>Authentication.ConnectionArn</c>) to the authorization and invocation parameters the call carries. On AWS the
/// connection's secret lives in Secrets Manager; in-process it comes from wherever the application keeps it.
/// </summary>
public interface IHttpConnectionProvider
{
    /// <summary>
    /// The connection with this ARN, or null when there is none (the task then fails with
    /// <c>Events.ConnectionResource.ResourceNotFound</c>). Throw <see cref="Execution.TaskFailedException"/> to fail the
    /// task with another error (e.g. <c>Events.ConnectionResource.InvalidConnectionState</c>).
    /// </summary>
    ValueTask<HttpConnection?> GetConnectionAsync(string connectionArn, CancellationToken cancellationToken);
}

/// <summary>How a connection authorizes its calls (EventBridge's <c>AuthorizationType</c>).</summary>
public enum HttpConnectionAuthorizationType
{
    /// <summary>No authorization header; only the connection's invocation parameters are added (for local endpoints).</summary>
    None,

    /// <summary><c>API_KEY</c>: a header named <see cref="HttpConnection.ApiKeyName"/> carries <see cref="HttpConnection.ApiKeyValue"/>.</summary>
    ApiKey,

    /// <summary><c>BASIC</c>: <c>Authorization: Basic base64(username:password)</c>.</summary>
    Basic,

    /// <summary>
    /// <c>OAUTH_CLIENT_CREDENTIALS</c>: a token is requested from <see cref="HttpOAuthClientCredentials.AuthorizationEndpoint"/>
    /// with the client id and secret and sent as <c>Authorization: Bearer token</c>; it is reused until it expires.
    /// </summary>
    OAuthClientCredentials,
}

/// <summary>
/// An EventBridge connection's parameters: the authorization (API key, basic, OAuth client credentials) and the
/// invocation HTTP parameters (headers, query string, body) merged into every call. Connection values win over the
/// task's on the same key, as on AWS. Everything here is a secret: TestState shows it only with <c>revealSecrets</c>.
/// </summary>
public sealed class HttpConnection
{
    /// <summary>The authorization kind.</summary>
    public HttpConnectionAuthorizationType AuthorizationType { get; init; }

    /// <summary>The API key header name (<see cref="HttpConnectionAuthorizationType.ApiKey"/>).</summary>
    public string? ApiKeyName { get; init; }

    /// <summary>The API key value (<see cref="HttpConnectionAuthorizationType.ApiKey"/>).</summary>
    public string? ApiKeyValue { get; init; }

    /// <summary>The user name (<see cref="HttpConnectionAuthorizationType.Basic"/>).</summary>
    public string? Username { get; init; }

    /// <summary>The password (<see cref="HttpConnectionAuthorizationType.Basic"/>).</summary>
    public string? Password { get; init; }

    /// <summary>The OAuth client-credentials settings (<see cref="HttpConnectionAuthorizationType.OAuthClientCredentials"/>).</summary>
    public HttpOAuthClientCredentials? OAuth { get; init; }

    /// <summary>Headers added to every call (<c>InvocationHttpParameters.HeaderParameters</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeaderParameters { get; init; } = [];

    /// <summary>Query string parameters added to every call (<c>InvocationHttpParameters.QueryStringParameters</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryStringParameters { get; init; } = [];

    /// <summary>Body members added to every call's request body (<c>InvocationHttpParameters.BodyParameters</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BodyParameters { get; init; } = [];

    /// <summary>An API key connection.</summary>
    public static HttpConnection ApiKey(string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        return new HttpConnection { AuthorizationType = HttpConnectionAuthorizationType.ApiKey, ApiKeyName = name, ApiKeyValue = value };
    }

    /// <summary>A basic-authorization connection.</summary>
    public static HttpConnection Basic(string username, string password)
    {
        ArgumentNullException.ThrowIfNull(username);
        ArgumentNullException.ThrowIfNull(password);
        return new HttpConnection { AuthorizationType = HttpConnectionAuthorizationType.Basic, Username = username, Password = password };
    }

    /// <summary>An OAuth client-credentials connection.</summary>
    public static HttpConnection OAuthClientCredentials(HttpOAuthClientCredentials oauth)
    {
        ArgumentNullException.ThrowIfNull(oauth);
        return new HttpConnection { AuthorizationType = HttpConnectionAuthorizationType.OAuthClientCredentials, OAuth = oauth };
    }
}

/// <summary>EventBridge's <c>OAuthParameters</c> for the client-credentials grant.</summary>
public sealed class HttpOAuthClientCredentials
{
    /// <summary>The token endpoint (<c>AuthorizationEndpoint</c>), an absolute http(s) URL.</summary>
    public required string AuthorizationEndpoint { get; init; }

    /// <summary>The token request's method (<c>HttpMethod</c>): POST (default), GET or PUT.</summary>
    public string HttpMethod { get; init; } = "POST";

    /// <summary>Whether <paramref name="method"/> is one CreateConnection takes for the token request (GET, POST, PUT, any case).</summary>
    internal static bool IsTokenMethod(string? method) => method?.ToUpperInvariant() is "GET" or "POST" or "PUT";

    /// <summary>The client id, sent with the secret as basic authorization of the token request.</summary>
    public required string ClientId { get; init; }

    /// <summary>The client secret.</summary>
    public required string ClientSecret { get; init; }

    /// <summary>Headers of the token request (<c>OAuthHttpParameters.HeaderParameters</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> HeaderParameters { get; init; } = [];

    /// <summary>Query string parameters of the token request (<c>OAuthHttpParameters.QueryStringParameters</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> QueryStringParameters { get; init; } = [];

    /// <summary>Form body parameters of the token request, after <c>grant_type=client_credentials</c> (<c>OAuthHttpParameters.BodyParameters</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BodyParameters { get; init; } = [];
}

/// <summary>A fixed set of connections by ARN.</summary>
public sealed class HttpConnectionProvider : IHttpConnectionProvider
{
    private readonly Dictionary<string, HttpConnection> _connections;

    /// <summary>Creates a provider over connections keyed by ARN.</summary>
    public HttpConnectionProvider(IEnumerable<KeyValuePair<string, HttpConnection>> connections)
    {
        ArgumentNullException.ThrowIfNull(connections);
        _connections = new Dictionary<string, HttpConnection>(connections, StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public ValueTask<HttpConnection?> GetConnectionAsync(string connectionArn, CancellationToken cancellationToken) =>
        new(_connections.TryGetValue(connectionArn, out var connection) ? connection : null);
}
