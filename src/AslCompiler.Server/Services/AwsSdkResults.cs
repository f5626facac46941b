using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Server.Services;

/// <summary>What the AWS service task routers share: results as the SDKs of Step Functions' integrations shape them.</summary>
internal static class AwsSdkResults
{
    /// <summary>
    /// An optimized integration's result: the response with the HTTP metadata of the SDK it calls with, its members in
    /// ordinal order as AWS writes them (<c>MessageId</c>, <c>SdkHttpMetadata</c>, <c>SdkResponseMetadata</c>,
    /// <c>SequenceNumber</c>).
    /// </summary>
    public static JsonValue WithHttpMetadata(IEnumerable<KeyValuePair<string, JsonValue>> members, HttpResponseMessage response, string requestId)
    {
        var result = new List<KeyValuePair<string, JsonValue>>(members);

        // The headers as sent (not parsed: a Server header of product tokens stays one value).
        var headers = response.Headers.NonValidated.Concat(response.Content.Headers.NonValidated)
            .Select(h => (Name: h.Key, Values: h.Value.ToArray()))
            .ToList();
        var all = new JsonObjectBuilder(headers.Count);
        foreach (var (name, values) in headers)
        {
            all.Set(name, JsonValue.FromArray(JsonArrayValue.Create(values.Select(v => (JsonValue)v).ToArray())));
        }

        var single = new JsonObjectBuilder(headers.Count);
        foreach (var (name, values) in headers.OrderBy(h => h.Name, StringComparer.OrdinalIgnoreCase))
        {
            single.Set(name, string.Join(",", values));
        }

        result.Add(new("SdkHttpMetadata", JsonValue.CreateObject(new("AllHttpHeaders", JsonValue.FromObject(all.ToObject())), new("HttpHeaders", JsonValue.FromObject(single.ToObject())), new("HttpStatusCode", (int)response.StatusCode))));
        result.Add(new("SdkResponseMetadata", JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("RequestId", requestId))));
        result.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return JsonValue.CreateObject([.. result]);
    }

    /// <summary>
    /// An error's code as a service names its type: <c>ResourceNotFoundException</c> from
    /// <c>com.amazonaws.dynamodb.v20120810#ResourceNotFoundException</c> or
    /// <c>ResourceNotFoundException:http://internal.amazon.com/coral/...</c> (what follows a ':' dropped first).
    /// </summary>
    public static string ErrorCode(string type)
    {
        var named = type.Split(':')[0];
        return named[(named.LastIndexOf('#') + 1)..];
    }

    /// <summary>A response header's first value, or null.</summary>
    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>A value that is not a string as its JSON text (what the optimized integrations send for a message body or an event's detail).</summary>
    public static JsonValue AsText(JsonValue value) => value.IsString ? value : value.ToJsonString();
}
