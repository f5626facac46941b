using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// TRACE inspection data of an HTTP Task (<c>arn:aws:states:::http:invoke</c>): the request the built-in handler sent
/// (or, when a mock answers, the request the arguments describe, built by the same code) and the response it got.
/// Headers are written as AWS writes them, <c>[name: value, name: value]</c>; bodies as their text.
/// </summary>
internal static class HttpExchange
{
    private const string DefaultProtocol = "https";

    /// <summary>The request as sent (or as planned).</summary>
    public static InspectionDataRequest Request(HttpRequestPlan plan) => new()
    {
        Protocol = Protocol(plan.Url),
        Method = plan.Method,
        Url = plan.Url,
        Headers = Headers(plan.Headers), // as AWS's TRACE example shows them: without the Content-Type added by default
        Body = plan.Body,
    };

    /// <summary>The request the arguments describe, without a connection's parameters (a mock answers instead of the endpoint); null when the arguments are not a valid request.</summary>
    public static InspectionDataRequest? PlannedRequest(JsonValue arguments, string region)
    {
        try
        {
            return Request(HttpTaskRequest.Parse(arguments).Plan(null, [], region));
        }
        catch (TaskFailedException)
        {
            return null;
        }
    }

    /// <summary>The response as received.</summary>
    public static InspectionDataResponse Response(HttpResponseRecord response, string? url) => new()
    {
        Protocol = url is null ? DefaultProtocol : Protocol(url),
        StatusCode = response.StatusCode.ToString(CultureInfo.InvariantCulture),
        StatusMessage = response.StatusText,
        Headers = Headers(response.Headers),
        Body = response.Body,
    };

    /// <summary>The response a task result describes (a mock's, or a registered handler's).</summary>
    public static InspectionDataResponse ResultResponse(JsonValue result, string? url)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (result["Headers"].TryGetObject(out var members))
        {
            foreach (var (name, value) in members)
            {
                if (value.TryGetArray(out var items))
                {
                    foreach (var item in items)
                    {
                        headers.Add(new(name, HttpTaskRequest.Text(item)));
                    }
                }
                else
                {
                    headers.Add(new(name, HttpTaskRequest.Text(value)));
                }
            }
        }

        return new InspectionDataResponse
        {
            Protocol = url is null ? DefaultProtocol : Protocol(url),
            StatusCode = result["StatusCode"].IsUndefined ? null : HttpTaskRequest.Text(result["StatusCode"]),
            StatusMessage = result["StatusText"].TryGetString(out var text) ? text : null,
            Headers = result["Headers"].IsUndefined ? null : Headers(headers),
            Body = result["ResponseBody"] switch
            {
                { IsUndefined: true } => null,
                var body => HttpTaskRequest.Text(body),
            },
        };
    }

    private static string Protocol(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Scheme : DefaultProtocol;

    private static string Headers(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < headers.Count; i++)
        {
            if (i > 0)
            {
                text.Append(", ");
            }

            text.Append(headers[i].Key).Append(": ").Append(headers[i].Value);
        }

        return text.Append(']').ToString();
    }
}
