using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Server.Services;

/// <summary>
/// One AWS service endpoint the task routers call: where it is, the region and credentials requests are signed for,
/// the client and the clock of the signatures' dates.
/// </summary>
internal sealed class AwsEndpoint
{
    private readonly string _region;
    private readonly AwsCredentials _credentials;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;

    public AwsEndpoint(Uri endpoint, string region, AwsCredentials? credentials, HttpClient? http, TimeProvider? time)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(region);
        Uri = endpoint;
        _region = region;
        _credentials = credentials ?? AwsCredentials.FromEnvironment();
        // An answer is read whole: a misbehaving endpoint's endless one fails the task (SdkClientException) at 64 MB
        // instead of filling memory (a state's result is refused past 256 KB anyway).
        _http = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(15), MaxResponseContentBufferSize = 64 * 1024 * 1024 };
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The endpoint's URL.</summary>
    public Uri Uri { get; }

    /// <summary>
    /// POSTs <paramref name="body"/> (of <paramref name="contentType"/>, with <paramref name="target"/> as
    /// <c>X-Amz-Target</c> when given), signed for <paramref name="signingName"/>, and reads the answer as UTF-8. An
    /// endpoint that cannot be reached fails the task with <c>{errorPrefix}.SdkClientException</c>, as the SDKs do.
    /// </summary>
    public async Task<(HttpResponseMessage Response, string Text)> SendAsync(
        byte[] body, string contentType, string? target, string signingName, string errorPrefix, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        if (target is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Target", target);
        }

        AwsSignatureV4.Sign(request, body, _region, signingName, _credentials, _time.GetUtcNow());
        try
        {
            var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return (response, Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false)));
        }
        catch (HttpRequestException e)
        {
            throw new TaskFailedException(errorPrefix + ".SdkClientException", "Unable to execute HTTP request: " + e.Message + " (the endpoint " + Uri + ")");
        }
    }

    /// <summary>The task failure of an answer the SDK could not read (not JSON, not XML).</summary>
    public TaskFailedException Unreadable(string errorPrefix, string what, string text) =>
        new(errorPrefix + ".SdkClientException", "The endpoint " + Uri + " answered with what is not " + what + ": " + (text.Length <= 200 ? text : text[..200] + "..."));
}
