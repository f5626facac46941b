using System;
using System.Collections.Generic;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tasks;

/// <summary>
/// Reads connections for HTTP Tasks from JSON: an object of connection ARN to the shape of EventBridge's
/// <c>CreateConnection</c> request (<c>AuthorizationType</c> and <c>AuthParameters</c>), so a file can describe the
/// connections a definition names:
/// <code>
/// { "arn:aws:events:us-east-1:123456789012:connection/Orders/0f1e...": {
///     "AuthorizationType": "API_KEY",
///     "AuthParameters": {
///       "ApiKeyAuthParameters": { "ApiKeyName": "x-api-key", "ApiKeyValue": "secret" },
///       "InvocationHttpParameters": { "HeaderParameters": [ { "Key": "x-tenant", "Value": "42" } ] } } } }
/// </code>
/// <c>AuthorizationType</c> is <c>API_KEY</c>, <c>BASIC</c>, <c>OAUTH_CLIENT_CREDENTIALS</c> or (ours, for local
/// endpoints) <c>NONE</c>. A value in the wrong place or of the wrong type is a <see cref="FormatException"/> naming it.
/// </summary>
public static class HttpConnectionsJson
{
    /// <summary>Parses <paramref name="json"/> (the object described above) into a provider.</summary>
    public static HttpConnectionProvider Parse(string json)
    {
        var root = JsonValue.ParseDocument(json, "The connections are");

        if (!root.TryGetObject(out var arns))
        {
            throw new FormatException("The connections must be a JSON object of connection ARN to connection.");
        }

        var connections = new List<KeyValuePair<string, HttpConnection>>();
        foreach (var (arn, value) in arns)
        {
            connections.Add(new(arn, Connection(arn, value)));
        }

        return new HttpConnectionProvider(connections);
    }

    private static HttpConnection Connection(string arn, JsonValue value)
    {
        var at = "connection '" + arn + "'";
        var type = RequiredString(value, "AuthorizationType", at);
        var auth = value["AuthParameters"];
        if (!auth.IsUndefined && !auth.TryGetObject(out _))
        {
            throw new FormatException(at + ": AuthParameters must be an object.");
        }

        var invocation = auth["InvocationHttpParameters"];
        var headers = Pairs(invocation, "HeaderParameters", at);
        var query = Pairs(invocation, "QueryStringParameters", at);
        var body = Pairs(invocation, "BodyParameters", at);
        switch (type)
        {
            case "API_KEY":
                var key = Object(auth, "ApiKeyAuthParameters", at);
                var keyName = RequiredString(key, "ApiKeyName", at);
                if (keyName.Length == 0)
                {
                    // EventBridge refuses an empty header name too (ApiKeyName is 1 to 512 characters).
                    throw new FormatException(at + ": ApiKeyName must not be empty.");
                }

                return With(HttpConnection.ApiKey(keyName, RequiredString(key, "ApiKeyValue", at)), headers, query, body);
            case "BASIC":
                var basic = Object(auth, "BasicAuthParameters", at);
                return With(HttpConnection.Basic(RequiredString(basic, "Username", at), RequiredString(basic, "Password", at)), headers, query, body);
            case "OAUTH_CLIENT_CREDENTIALS":
                var oauth = Object(auth, "OAuthParameters", at);
                var client = Object(oauth, "ClientParameters", at);
                var oauthHttp = oauth["OAuthHttpParameters"];
                return With(HttpConnection.OAuthClientCredentials(new HttpOAuthClientCredentials
                {
                    AuthorizationEndpoint = RequiredString(oauth, "AuthorizationEndpoint", at),
                    HttpMethod = OAuthMethod(oauth["HttpMethod"], at),
                    ClientId = RequiredString(client, "ClientID", at),
                    ClientSecret = RequiredString(client, "ClientSecret", at),
                    HeaderParameters = Pairs(oauthHttp, "HeaderParameters", at),
                    QueryStringParameters = Pairs(oauthHttp, "QueryStringParameters", at),
                    BodyParameters = Pairs(oauthHttp, "BodyParameters", at),
                }), headers, query, body);
            case "NONE":
                return new HttpConnection { HeaderParameters = headers, QueryStringParameters = query, BodyParameters = body };
            default:
                throw new FormatException(at + ": AuthorizationType \"" + type + "\" is not API_KEY, BASIC, OAUTH_CLIENT_CREDENTIALS or NONE.");
        }
    }

    // The connection's authorization with its invocation parameters (the factories check the authorization values).
    private static HttpConnection With(HttpConnection auth, IReadOnlyList<KeyValuePair<string, string>> headers, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<KeyValuePair<string, string>> body) => new()
    {
        AuthorizationType = auth.AuthorizationType,
        ApiKeyName = auth.ApiKeyName,
        ApiKeyValue = auth.ApiKeyValue,
        Username = auth.Username,
        Password = auth.Password,
        OAuth = auth.OAuth,
        HeaderParameters = headers,
        QueryStringParameters = query,
        BodyParameters = body,
    };

    // CreateConnection's OAuthParameters.HttpMethod: GET, POST or PUT (POST when absent).
    private static string OAuthMethod(JsonValue value, string at)
    {
        if (value.IsUndefined)
        {
            return "POST";
        }

        return value.TryGetString(out var method) && HttpOAuthClientCredentials.IsTokenMethod(method)
            ? method
            : throw new FormatException(at + ": HttpMethod must be \"GET\", \"POST\" or \"PUT\".");
    }

    private static JsonValue Object(JsonValue parent, string name, string at)
    {
        var value = parent[name];
        return value.TryGetObject(out _) ? value : throw new FormatException(at + ": " + name + " (an object) is required.");
    }

    private static string RequiredString(JsonValue parent, string name, string at) =>
        parent[name].TryGetString(out var text) ? text : throw new FormatException(at + ": " + name + " (a string) is required.");

    // EventBridge's parameter lists: [{"Key": "...", "Value": "...", "IsValueSecret": bool}].
    private static List<KeyValuePair<string, string>> Pairs(JsonValue parent, string name, string at)
    {
        var value = parent[name];
        if (value.IsUndefined)
        {
            return [];
        }

        if (!value.TryGetArray(out var items))
        {
            throw new FormatException(at + ": " + name + " must be an array of {\"Key\", \"Value\"}.");
        }

        var pairs = new List<KeyValuePair<string, string>>(items.Count);
        foreach (var item in items)
        {
            pairs.Add(new(RequiredString(item, "Key", at + " " + name), RequiredString(item, "Value", at + " " + name)));
        }

        return pairs;
    }
}
