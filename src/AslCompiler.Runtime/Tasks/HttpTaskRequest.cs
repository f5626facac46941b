using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tasks;

/// <summary>How URL_ENCODED request bodies write arrays (<c>Transform.RequestEncodingOptions.ArrayFormat</c>).</summary>
internal enum HttpArrayFormat
{
    Indices,
    Repeat,
    Commas,
    Brackets,
}

/// <summary>
/// An HTTP Task's arguments, checked: <c>ApiEndpoint</c>, <c>Method</c>, the connection ARN, <c>Headers</c>,
/// <c>QueryParameters</c>, <c>RequestBody</c> and <c>Transform</c>. Bad arguments fail with <c>States.Runtime</c>
/// before anything is sent, as AWS does for the headers it forbids.
/// </summary>
internal sealed class HttpTaskRequest
{
    private static readonly HashSet<string> Methods = new(StringComparer.Ordinal) { "GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD" };

    // The headers AWS refuses in an HTTP Task definition (call-https-apis, Headers), besides the x-forwarded-*,
    // x-amz-* and x-amzn-* families.
    private static readonly HashSet<string> Forbidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "A-IM", "Accept-Charset", "Accept-Datetime", "Accept-Encoding", "Authorization", "Cache-Control", "Connection",
        "Content-Encoding", "Content-MD5", "Date", "Expect", "Forwarded", "From", "Host", "HTTP2-Settings", "If-Match",
        "If-Modified-Since", "If-None-Match", "If-Range", "If-Unmodified-Since", "Max-Forwards", "Origin", "Pragma",
        "Proxy-Authorization", "Referer", "Server", "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Via", "Warning",
    };

    private HttpTaskRequest(Uri endpoint, string method, string? connectionArn, List<KeyValuePair<string, string>> headers, List<KeyValuePair<string, string>> query, JsonValue body, bool urlEncoded, HttpArrayFormat arrayFormat)
    {
        Endpoint = endpoint;
        Method = method;
        ConnectionArn = connectionArn;
        Headers = headers;
        Query = query;
        Body = body;
        UrlEncoded = urlEncoded;
        ArrayFormat = arrayFormat;
    }

    public Uri Endpoint { get; }

    public string Method { get; }

    public string? ConnectionArn { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    public IReadOnlyList<KeyValuePair<string, string>> Query { get; }

    public JsonValue Body { get; }

    public bool UrlEncoded { get; }

    public HttpArrayFormat ArrayFormat { get; }

    /// <summary>Reads and checks the arguments; throws <see cref="TaskFailedException"/> (<c>States.Runtime</c>) when they are not a valid request.</summary>
    public static HttpTaskRequest Parse(JsonValue arguments)
    {
        if (!arguments.TryGetObject(out _))
        {
            throw Runtime("The HTTP Task arguments must be a JSON object, got " + Describe(arguments) + ".");
        }

        if (!arguments["ApiEndpoint"].TryGetString(out var endpointText) || endpointText.Length == 0)
        {
            throw Runtime("The HTTP Task requires an ApiEndpoint string.");
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || (endpoint.Scheme != Uri.UriSchemeHttps && endpoint.Scheme != Uri.UriSchemeHttp) || endpoint.Host.Length == 0)
        {
            throw Runtime("The ApiEndpoint '" + endpointText + "' is not an absolute https URL.");
        }

        if (!arguments["Method"].TryGetString(out var methodText))
        {
            throw Runtime("The HTTP Task requires a Method string (GET, POST, PUT, DELETE, PATCH, OPTIONS or HEAD).");
        }

        var method = methodText.ToUpperInvariant();
        if (!Methods.Contains(method))
        {
            throw Runtime("The Method '" + methodText + "' is not supported; use GET, POST, PUT, DELETE, PATCH, OPTIONS or HEAD.");
        }

        var connectionArn = ConnectionArnOf(arguments["InvocationConfig"], "InvocationConfig") ?? ConnectionArnOf(arguments["Authentication"], "Authentication");
        var headers = ReadHeaders(arguments["Headers"]);
        var query = ReadQuery(arguments["QueryParameters"]);
        var (urlEncoded, arrayFormat) = ReadTransform(arguments["Transform"]);
        var body = arguments["RequestBody"];
        if (urlEncoded && !body.IsUndefined && !body.IsString && !body.IsObject)
        {
            throw Runtime("A URL_ENCODED RequestBody must be a JSON object or a string, got " + Describe(body) + ".");
        }

        return new HttpTaskRequest(endpoint, method, connectionArn, headers, query, body, urlEncoded, arrayFormat);
    }

    /// <summary>
    /// The request to send: the task's headers, query and body merged with the connection's (connection values win on
    /// the same key), the authorization headers, then the headers Step Functions sets (User-Agent, Range). Without a
    /// connection the plan is what the definition alone contributes: TestState shows that unless secrets are revealed.
    /// </summary>
    public HttpRequestPlan Plan(HttpConnection? connection, IReadOnlyList<KeyValuePair<string, string>> authorization, string region)
    {
        var headers = new List<KeyValuePair<string, string>>(Headers);
        var query = new List<KeyValuePair<string, string>>(Query);
        var body = Body;
        if (connection is not null)
        {
            Overlay(headers, connection.HeaderParameters, StringComparer.OrdinalIgnoreCase);
            Overlay(query, connection.QueryStringParameters, StringComparer.Ordinal);
            if (connection.BodyParameters.Count > 0)
            {
                body = MergeBody(body, connection.BodyParameters);
            }
        }

        Overlay(headers, authorization, StringComparer.OrdinalIgnoreCase);
        headers.RemoveAll(h => h.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase) || h.Key.Equals("Range", StringComparison.OrdinalIgnoreCase));
        headers.Add(new("User-Agent", HttpTask.UserAgentPrefix + region));
        headers.Add(new("Range", HttpTask.Range));

        string? text = null;
        string? contentType = null;
        if (!body.IsUndefined)
        {
            if (body.TryGetString(out var raw))
            {
                text = raw;
            }
            else if (UrlEncoded)
            {
                text = HttpFormEncoder.Encode(body.GetObject(), ArrayFormat);
            }
            else
            {
                text = body.ToJsonString();
            }

            contentType = UrlEncoded ? "application/x-www-form-urlencoded" : "application/json; charset=UTF-8";
        }

        return new HttpRequestPlan(Method, Url(query), headers, text, contentType);
    }

    private string Url(List<KeyValuePair<string, string>> query)
    {
        // The fragment is never sent; the query parameters follow the endpoint's own query, if it has one.
        var url = new StringBuilder(Endpoint.GetLeftPart(UriPartial.Query));
        var separator = url.ToString().Contains('?', StringComparison.Ordinal) ? (url[^1] is '?' or '&' ? string.Empty : "&") : "?";
        foreach (var (name, value) in query)
        {
            url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
            separator = "&";
        }

        return url.ToString();
    }

    private static JsonValue MergeBody(JsonValue body, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        if (body.IsString)
        {
            throw Runtime("The RequestBody is a string and the connection has body parameters: Step Functions cannot merge them.");
        }

        if (!body.IsUndefined && !body.IsObject)
        {
            throw Runtime("The RequestBody must be a JSON object to merge the connection's body parameters, got " + Describe(body) + ".");
        }

        var merged = body.IsUndefined ? JsonObjectValue.Empty : body.GetObject();
        foreach (var (key, value) in parameters)
        {
            merged = merged.SetItem(key, value);
        }

        return JsonValue.FromObject(merged);
    }

    /// <summary>Adds each parameter, replacing an existing entry with the same key in place.</summary>
    private static void Overlay(List<KeyValuePair<string, string>> target, IReadOnlyList<KeyValuePair<string, string>> parameters, StringComparer comparer)
    {
        foreach (var parameter in parameters)
        {
            var replaced = false;
            for (var i = target.Count - 1; i >= 0; i--)
            {
                if (comparer.Equals(target[i].Key, parameter.Key))
                {
                    if (replaced)
                    {
                        target.RemoveAt(i);
                    }
                    else
                    {
                        target[i] = parameter;
                        replaced = true;
                    }
                }
            }

            if (!replaced)
            {
                target.Add(parameter);
            }
        }
    }

    private static string? ConnectionArnOf(JsonValue config, string field)
    {
        if (config.IsUndefined)
        {
            return null;
        }

        if (!config.TryGetObject(out _) || !config["ConnectionArn"].TryGetString(out var arn) || arn.Length == 0)
        {
            throw Runtime("The " + field + " field must be an object with a ConnectionArn string.");
        }

        return arn;
    }

    private static List<KeyValuePair<string, string>> ReadHeaders(JsonValue headers)
    {
        var list = new List<KeyValuePair<string, string>>();
        foreach (var (name, value) in Members(headers, "Headers"))
        {
            if (IsForbidden(name))
            {
                throw Runtime("The header '" + name + "' is not allowed in an HTTP Task definition.");
            }

            if (name.Length == 0 || !IsToken(name))
            {
                throw Runtime("The header name '" + name + "' is not a valid HTTP header name.");
            }

            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue; // the client computes it from the body
            }

            foreach (var item in Values(value))
            {
                if (!IsFieldValue(item))
                {
                    throw Runtime("The value of the header '" + name + "' has characters a header cannot carry (line breaks, control or non-ASCII characters).");
                }

                list.Add(new(name, item));
            }
        }

        return list;
    }

    private static List<KeyValuePair<string, string>> ReadQuery(JsonValue query)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (query.TryGetString(out var raw))
        {
            foreach (var pair in raw.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..]);
                list.Add(new(name, value));
            }

            return list;
        }

        foreach (var (name, value) in Members(query, "QueryParameters"))
        {
            foreach (var item in Values(value))
            {
                list.Add(new(name, item));
            }
        }

        return list;
    }

    /// <summary>Name/value members of an object, or of an array of objects (AWS also takes headers and query parameters as arrays).</summary>
    private static IEnumerable<KeyValuePair<string, JsonValue>> Members(JsonValue value, string field)
    {
        if (value.IsUndefined || value.IsNull)
        {
            yield break;
        }

        if (value.TryGetObject(out var members))
        {
            foreach (var member in members)
            {
                yield return member;
            }

            yield break;
        }

        if (value.TryGetArray(out var items))
        {
            foreach (var item in items)
            {
                if (!item.TryGetObject(out var entry))
                {
                    throw Runtime("The " + field + " array must hold JSON objects, got " + Describe(item) + ".");
                }

                foreach (var member in entry)
                {
                    yield return member;
                }
            }

            yield break;
        }

        throw Runtime("The " + field + " field must be a JSON object, got " + Describe(value) + ".");
    }

    /// <summary>A parameter's values: a scalar's text, each item of an array (repeated), nothing for null.</summary>
    private static IEnumerable<string> Values(JsonValue value)
    {
        if (value.TryGetArray(out var items))
        {
            foreach (var item in items)
            {
                if (!item.IsNull)
                {
                    yield return Text(item);
                }
            }
        }
        else if (!value.IsNull && !value.IsUndefined)
        {
            yield return Text(value);
        }
    }

    private static (bool UrlEncoded, HttpArrayFormat Format) ReadTransform(JsonValue transform)
    {
        if (transform.IsUndefined)
        {
            return (false, HttpArrayFormat.Indices);
        }

        if (!transform.TryGetObject(out _))
        {
            throw Runtime("The Transform field must be a JSON object, got " + Describe(transform) + ".");
        }

        var urlEncoded = transform["RequestBodyEncoding"] switch
        {
            { IsUndefined: true } => false,
            var e when e.TryGetString(out var s) && s == "NONE" => false,
            var e when e.TryGetString(out var s) && s == "URL_ENCODED" => true,
            var e => throw Runtime("The RequestBodyEncoding " + e.ToJsonString() + " is not supported; use NONE or URL_ENCODED."),
        };
        var options = transform["RequestEncodingOptions"];
        if (options.IsUndefined)
        {
            return (urlEncoded, HttpArrayFormat.Indices);
        }

        if (!options.TryGetObject(out _))
        {
            throw Runtime("The RequestEncodingOptions field must be a JSON object, got " + Describe(options) + ".");
        }

        var format = options["ArrayFormat"] switch
        {
            { IsUndefined: true } => HttpArrayFormat.Indices,
            var f when f.TryGetString(out var s) && s == "INDICES" => HttpArrayFormat.Indices,
            var f when f.TryGetString(out var s) && s == "REPEAT" => HttpArrayFormat.Repeat,
            var f when f.TryGetString(out var s) && s == "COMMAS" => HttpArrayFormat.Commas,
            var f when f.TryGetString(out var s) && s == "BRACKETS" => HttpArrayFormat.Brackets,
            var f => throw Runtime("The ArrayFormat " + f.ToJsonString() + " is not supported; use INDICES, REPEAT, COMMAS or BRACKETS."),
        };
        return (urlEncoded, format);
    }

    private static bool IsForbidden(string name) =>
        Forbidden.Contains(name)
        || name.StartsWith("x-forwarded-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("x-amzn-", StringComparison.OrdinalIgnoreCase);

    /// <summary>RFC 9110 token characters.</summary>
    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (c > 0x7E || c <= 0x20 || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Visible ASCII, spaces and tabs: what the client sends as a header value.</summary>
    private static bool IsFieldValue(string value)
    {
        foreach (var c in value)
        {
            if ((c < 0x20 && c != '\t') || c > 0x7E)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A scalar's text: a string as is, anything else as JSON.</summary>
    internal static string Text(JsonValue value) => value.TryGetString(out var s) ? s : value.ToJsonString();

    private static string Describe(JsonValue value) => value.IsUndefined ? "nothing" : JsonValue.KindName(value.Kind);

    internal static TaskFailedException Runtime(string cause) => new(StatesErrors.Runtime, cause);
}

/// <summary>The request an HTTP Task sends (and TestState's TRACE level shows).</summary>
/// <param name="Method">The method.</param>
/// <param name="Url">The URL with its query string.</param>
/// <param name="Headers">The headers set explicitly, in order.</param>
/// <param name="Body">The body text, or null.</param>
/// <param name="DefaultContentType">The content type used when no Content-Type header is given.</param>
internal sealed record HttpRequestPlan(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string? Body, string? DefaultContentType)
{
    /// <summary>
    /// The headers as sent: <see cref="Headers"/>, then <see cref="DefaultContentType"/> as Content-Type when there is a
    /// body and none names one. (TestState's TRACE request shows <see cref="Headers"/>, as AWS's example does.)
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> SentHeaders =>
        Body is not null && DefaultContentType is { } contentType && !Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            ? [.. Headers, new("Content-Type", contentType)]
            : Headers;
}

/// <summary>The response an HTTP Task received.</summary>
internal sealed record HttpResponseRecord(int StatusCode, string StatusText, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body);

/// <summary>One HTTP Task call as TestState's TRACE level reports it: the request as sent, the request without the connection's secrets, the response.</summary>
internal sealed class HttpTaskExchange
{
    public HttpRequestPlan? Request { get; set; }

    public HttpRequestPlan? RedactedRequest { get; set; }

    public HttpResponseRecord? Response { get; set; }
}

/// <summary>URL_ENCODED request bodies: nested objects as <c>a[b]=c</c>, arrays by the chosen format, RFC 3986 escaping.</summary>
internal static class HttpFormEncoder
{
    public static string Encode(JsonObjectValue body, HttpArrayFormat format)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in body)
        {
            Append(text, name, value, format, 0);
        }

        return text.ToString();
    }

    private static void Append(StringBuilder text, string key, JsonValue value, HttpArrayFormat format, int depth)
    {
        if (depth > 64)
        {
            throw HttpTaskRequest.Runtime("The RequestBody nests too deeply to URL-encode.");
        }

        if (value.TryGetObject(out var members))
        {
            foreach (var (name, member) in members)
            {
                Append(text, key + "[" + name + "]", member, format, depth + 1);
            }

            return;
        }

        if (value.TryGetArray(out var items))
        {
            if (format == HttpArrayFormat.Commas && AllScalars(items))
            {
                Pair(text, key).Append(string.Join(',', Escaped(items)));
                return;
            }

            for (var i = 0; i < items.Count; i++)
            {
                var itemKey = format switch
                {
                    HttpArrayFormat.Repeat => key,
                    HttpArrayFormat.Brackets => key + "[]",
                    _ => key + "[" + i.ToString(CultureInfo.InvariantCulture) + "]",
                };
                Append(text, itemKey, items[i], format, depth + 1);
            }

            return;
        }

        Pair(text, key).Append(value.IsNull ? string.Empty : Uri.EscapeDataString(HttpTaskRequest.Text(value)));
    }

    private static StringBuilder Pair(StringBuilder text, string key)
    {
        if (text.Length > 0)
        {
            text.Append('&');
        }

        return text.Append(Uri.EscapeDataString(key)).Append('=');
    }

    private static bool AllScalars(JsonArrayValue items)
    {
        foreach (var item in items)
        {
            if (item.IsObject || item.IsArray)
            {
                return false;
            }
        }

        return true;
    }

    private static IEnumerable<string> Escaped(JsonArrayValue items)
    {
        foreach (var item in items)
        {
            yield return item.IsNull ? string.Empty : Uri.EscapeDataString(HttpTaskRequest.Text(item));
        }
    }
}
