using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AslCompiler.Server.Protocol;

/// <summary>
/// <c>POST /</c> with <c>X-Amz-Target: AWSStepFunctions.&lt;Action&gt;</c>: reads the body, runs the action on
/// <see cref="IStepFunctions"/>, answers 200 with the response or the AWS error. Signature headers
/// (<c>Authorization</c>, <c>X-Amz-Date</c>, ...) are accepted without being checked.
/// </summary>
internal sealed partial class AwsJsonEndpoint(IStepFunctions api, long maxRequestBodyBytes, ILogger logger, CancellationToken stopping)
{
    /// <summary>The content type of AWS JSON 1.0 requests and responses.</summary>
    public const string ContentType = "application/x-amz-json-1.0";

    /// <summary>The media types a request body may declare: AWS JSON 1.0, and the JSON types hand-written requests use.</summary>
    private static readonly string[] JsonMediaTypes = [ContentType, "application/x-amz-json-1.1", "application/json"];

    /// <summary>
    /// Answers one HTTP request: <c>POST /</c> is an action; <c>GET /health</c> is <paramref name="health"/>; any other
    /// method on <c>/</c> is 405 and any other path 404, both as AWS-shaped <c>UnknownOperationException</c> errors.
    /// </summary>
    public async Task DispatchAsync(HttpContext context, RequestDelegate health)
    {
        var request = context.Request;
        var path = request.Path.Value;
        if (path is null or "" or "/")
        {
            if (HttpMethods.IsPost(request.Method))
            {
                await HandleAsync(context).ConfigureAwait(false);
                return;
            }

            context.Response.Headers.Allow = "POST";
            await RefuseAsync(context, new WireError(StatusCodes.Status405MethodNotAllowed, WireError.UnknownOperationType,
                "The AWS JSON 1.0 protocol accepts only POST on /, not " + Shorten(request.Method) + ".")).ConfigureAwait(false);
            return;
        }

        if (path == "/health")
        {
            if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
            {
                await health(context).ConfigureAwait(false);
                return;
            }

            context.Response.Headers.Allow = "GET, HEAD";
            await RefuseAsync(context, new WireError(StatusCodes.Status405MethodNotAllowed, WireError.UnknownOperationType,
                "/health accepts only GET, not " + Shorten(request.Method) + ".")).ConfigureAwait(false);
            return;
        }

        await RefuseAsync(context, new WireError(StatusCodes.Status404NotFound, WireError.UnknownOperationType,
            "No operation at " + Shorten(path) + ": the AWS JSON 1.0 protocol posts every action to / with X-Amz-Target.")).ConfigureAwait(false);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        string? target = context.Request.Headers["X-Amz-Target"];
        var action = target is not null && target.StartsWith(StepFunctionsActions.TargetPrefix, StringComparison.Ordinal)
            ? target[StepFunctionsActions.TargetPrefix.Length..]
            : null;
        if (action is null || !StepFunctionsActions.All.TryGetValue(action, out var invocation))
        {
            await WriteErrorAsync(context, Shorten(target ?? "(none)"), WireError.UnknownOperation(target is null ? null : Shorten(target)), started).ConfigureAwait(false);
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            await WriteErrorAsync(context, action, WireError.UnsupportedMediaType(Shorten(context.Request.ContentType!)), started).ConfigureAwait(false);
            return;
        }

        byte[] response;
        try
        {
            var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
            if (body is null)
            {
                await WriteErrorAsync(context, action, WireError.TooLarge(maxRequestBodyBytes), started).ConfigureAwait(false);
                return;
            }

            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            string? traceHeader = context.Request.Headers["X-Amzn-Trace-Id"];
            response = await invocation(api, body, string.IsNullOrEmpty(traceHeader) ? null : traceHeader, cancel.Token).ConfigureAwait(false);
        }
        catch (StepFunctionsException e)
        {
            await WriteErrorAsync(context, action, WireError.From(e), started).ConfigureAwait(false);
            return;
        }
        catch (WireRequestException e)
        {
            await WriteErrorAsync(context, action, e.Error, started).ConfigureAwait(false);
            return;
        }
        catch (JsonException e) when (e.InnerException is WireEnumValueException enumValue)
        {
            await WriteErrorAsync(context, action, WireError.EnumValue(MemberOf(e.Path), enumValue), started).ConfigureAwait(false);
            return;
        }
        catch (JsonException e)
        {
            // What the shape check let through and the serializer still refused: named by member, not by .NET type.
            await WriteErrorAsync(context, action, WireError.Serialization("The value at '" + MemberOf(e.Path) + "' can not be read."), started).ConfigureAwait(false);
            return;
        }
        catch (NotSupportedException e)
        {
            await WriteErrorAsync(context, action, WireError.Unsupported(e.Message), started).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return; // the client went away; nobody reads an answer
        }
        catch (BadHttpRequestException e)
        {
            // Kestrel refused the request itself (a body that arrives too slowly, say): the client's fault, not ours.
            await WriteErrorAsync(context, action, new WireError(e.StatusCode, "BadRequest", e.Message), started).ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            await WriteErrorAsync(context, action, new WireError(503, "ServiceUnavailable", "The endpoint is shutting down."), started).ConfigureAwait(false);
            return;
        }
#pragma warning disable CA1031 // any other failure is a bug: answer 500 as AWS does, log it, keep serving
        catch (Exception e)
#pragma warning restore CA1031
        {
            ServerLog.Crashed(logger, action, requestId, e);
            await WriteErrorAsync(context, action, WireError.Internal(e.Message), started).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = ContentType;
        context.Response.ContentLength = response.Length;
        await context.Response.Body.WriteAsync(response, context.RequestAborted).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        ServerLog.Answered(logger, action, StatusCodes.Status200OK, elapsed, requestId);
    }

    /// <summary>
    /// Kestrel's hard cap on a body: twice the limit plus 64 KiB. Bodies over the limit but under the cap are read
    /// to the end and discarded, so the client (still sending) reliably reads the 413 instead of a reset connection.
    /// </summary>
    public static long HardCap(long maxRequestBodyBytes) => maxRequestBodyBytes > long.MaxValue / 4 ? long.MaxValue : (2 * maxRequestBodyBytes) + (64 * 1024);

    /// <summary>The body, or null when it is larger than the limit.</summary>
    private async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var known = request.ContentLength;
        if (known is { } length && length > HardCap(maxRequestBodyBytes))
        {
            return null; // Kestrel refuses to read it; the connection closes after the answer
        }

        try
        {
            using var buffer = new MemoryStream(known is { } size && size <= maxRequestBodyBytes ? (int)size : 256);
            var chunk = new byte[16 * 1024];
            var tooLarge = false;
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                tooLarge |= buffer.Length + read > maxRequestBodyBytes;
                if (!tooLarge)
                {
                    buffer.Write(chunk, 0, read);
                }
            }

            return tooLarge ? null : buffer.ToArray();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }

    /// <summary>Whether a declared content type is JSON; a request without one is read as JSON too.</summary>
    internal static bool IsJson(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        // Parameters (charset=utf-8) are ignored, as AWS ignores them.
        var semicolon = contentType.IndexOf(';', StringComparison.Ordinal);
        var mediaType = (semicolon < 0 ? contentType : contentType[..semicolon]).Trim();
        return Array.Exists(JsonMediaTypes, t => string.Equals(t, mediaType, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A client-supplied text as it is echoed in a message: at most 256 characters.</summary>
    private static string Shorten(string text) => text.Length <= 256 ? text : text[..256] + "...";

    private async Task RefuseAsync(HttpContext context, WireError error)
    {
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await WriteErrorAsync(context, context.Request.Method + " " + Shorten(context.Request.Path.Value ?? "/"), error, Stopwatch.GetTimestamp()).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>$.statusFilter</c> → <c>statusFilter</c>, <c>$.routingConfiguration[0]</c> → <c>routingConfiguration.1.member</c>,
    /// as AWS names members in validation messages.
    /// </summary>
    internal static string MemberOf(string? path)
    {
        if (path is null)
        {
            return "unknown";
        }

        var member = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return ListIndex().Replace(member, m => "." + (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture) + ".member");
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\[(\d+)\]")]
    private static partial System.Text.RegularExpressions.Regex ListIndex();

    private async Task WriteErrorAsync(HttpContext context, string action, WireError error, long started)
    {
        var requestId = context.Response.Headers["x-amzn-RequestId"].ToString();
        var body = error.ToJson();
        context.Response.StatusCode = error.StatusCode;
        context.Response.ContentType = ContentType;
        context.Response.Headers["x-amzn-ErrorType"] = error.Type;
        context.Response.ContentLength = body.Length;
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        // A message can quote a client's value in full (a definition over its length limit): the log keeps its start.
        var logged = error.Message is { Length: > 1024 } text ? text[..1024] + "..." : error.Message;
        ServerLog.Refused(logger, action, error.StatusCode, error.Type, logged, elapsed, requestId);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return; // a HEAD answer has headers only
        }

        try
        {
            await context.Response.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client went away
        }
    }
}
