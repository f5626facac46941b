using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Security.Cryptography;
using System.Text;

namespace AslCompiler.Server.Services;

/// <summary>
/// Signs a request to an AWS service with Signature Version 4 (the <c>Authorization</c> header over the method, path,
/// query, the signed headers and the body's SHA-256), as the AWS SDKs sign them.
/// </summary>
internal static class AwsSignatureV4
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>
    /// Adds <c>X-Amz-Date</c>, <c>X-Amz-Security-Token</c> (temporary credentials) and <c>Authorization</c> to
    /// <paramref name="request"/>, signing <c>host</c>, <c>content-type</c> and every <c>x-amz-*</c> header it carries.
    /// </summary>
    public static void Sign(HttpRequestMessage request, byte[] body, string region, string service, AwsCredentials credentials, DateTimeOffset now)
    {
        var uri = request.RequestUri!;
        var amzDate = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        request.Headers.Host = uri.IsDefaultPort ? uri.Host : uri.Authority;
        request.Headers.Remove("X-Amz-Date");
        request.Headers.TryAddWithoutValidation("X-Amz-Date", amzDate);
        if (credentials.SessionToken is { } token)
        {
            request.Headers.Remove("X-Amz-Security-Token");
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", token);
        }

        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["host"] = request.Headers.Host };
        foreach (var header in request.Headers.Concat(request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>()))
        {
            var name = header.Key.ToLowerInvariant();
            if (name == "content-type" || name.StartsWith("x-amz-", StringComparison.Ordinal))
            {
                headers[name] = string.Join(",", header.Value.Select(v => string.Join(" ", v.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
            }
        }

        var signedHeaders = string.Join(";", headers.Keys);
        var canonical = new StringBuilder()
            .Append(request.Method.Method).Append('\n')
            .Append(uri.AbsolutePath.Length == 0 ? "/" : uri.AbsolutePath).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in headers)
        {
            canonical.Append(name).Append(':').Append(value).Append('\n');
        }

        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));
        var scope = date + "/" + region + "/" + service + "/aws4_request";
        var toSign = Algorithm + "\n" + amzDate + "\n" + scope + "\n" + Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var signature = Hex(Hmac(key, toSign));
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            Algorithm + " Credential=" + credentials.AccessKeyId + "/" + scope + ", SignedHeaders=" + signedHeaders + ", Signature=" + signature);
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        // Each name and value URI-encoded (RFC 3986 unreserved characters kept), sorted by name then value.
        return string.Join("&", query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var at = pair.IndexOf('=', StringComparison.Ordinal);
                var name = Uri.UnescapeDataString(at < 0 ? pair : pair[..at]);
                var value = at < 0 ? string.Empty : Uri.UnescapeDataString(pair[(at + 1)..]);
                return (Name: Uri.EscapeDataString(name), Value: Uri.EscapeDataString(value));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);
}
