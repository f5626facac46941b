using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// TRACE inspection data of an HTTP Task (<c>arn:aws:states:::http:invoke</c>): the request the state's arguments
/// describe (method, URL with its query parameters, headers, body) and the response its result describes
/// (<c>StatusCode</c>, <c>StatusText</c>, <c>Headers</c>, <c>ResponseBody</c>). Headers are written as a JSON object.
/// </summary>
internal static class HttpExchange
{
    public const string Resource = "arn:aws:states:::http:invoke";

    private const string Protocol = "https";

    public static InspectionDataRequest Request(JsonValue arguments)
    {
        var endpoint = arguments["ApiEndpoint"].TryGetString(out var e) ? e : string.Empty;
        var url = new StringBuilder(endpoint.Contains("://", StringComparison.Ordinal) ? endpoint : Protocol + "://" + endpoint);
        if (arguments["QueryParameters"].TryGetObject(out var query) && query.Count > 0)
        {
            var separator = endpoint.Contains('?', StringComparison.Ordinal) ? '&' : '?';
            foreach (var (name, value) in query)
            {
                url.Append(separator).Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(Scalar(value)));
                separator = '&';
            }
        }

        return new InspectionDataRequest
        {
            Protocol = Protocol,
            Method = arguments["Method"].TryGetString(out var method) ? method.ToUpperInvariant() : null,
            Url = url.ToString(),
            Headers = arguments["Headers"].IsUndefined ? null : arguments["Headers"].ToJsonString(),
            Body = arguments["RequestBody"] switch
            {
                { IsUndefined: true } => null,
                var body when body.TryGetString(out var text) => text,
                var body => body.ToJsonString(),
            },
        };
    }

    public static InspectionDataResponse Response(JsonValue result) => new()
    {
        Protocol = Protocol,
        StatusCode = result["StatusCode"].IsUndefined ? null : Scalar(result["StatusCode"]),
        StatusMessage = result["StatusText"].TryGetString(out var text) ? text : null,
        Headers = result["Headers"].IsUndefined ? null : result["Headers"].ToJsonString(),
        Body = result["ResponseBody"] switch
        {
            { IsUndefined: true } => null,
            var body when body.TryGetString(out var s) => s,
            var body => body.ToJsonString(),
        },
    };

    private static string Scalar(JsonValue value) =>
        value.TryGetString(out var s) ? s : value.TryGetDouble(out var d) ? d.ToString(CultureInfo.InvariantCulture) : value.ToJsonString();
}
