using System;
using Microsoft.Extensions.Logging;

namespace AslCompiler.Server;

/// <summary>The server's structured log events.</summary>
internal static partial class ServerLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Step Functions endpoint listening on {Address}")]
    public static partial void Listening(ILogger logger, string address);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "{Action} answered {StatusCode} in {ElapsedMilliseconds:F1} ms (request {RequestId})")]
    public static partial void Answered(ILogger logger, string action, int statusCode, double elapsedMilliseconds, string requestId);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Action} failed with {StatusCode} {ErrorType}: {ErrorMessage} ({ElapsedMilliseconds:F1} ms, request {RequestId})")]
    public static partial void Refused(ILogger logger, string action, int statusCode, string errorType, string? errorMessage, double elapsedMilliseconds, string requestId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "{Action} failed unexpectedly (request {RequestId})")]
    public static partial void Crashed(ILogger logger, string action, string requestId, Exception exception);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Step Functions endpoint stopping; waiting up to {TimeoutSeconds} s for requests in flight")]
    public static partial void Stopping(ILogger logger, double timeoutSeconds);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Step Functions endpoint stopped")]
    public static partial void Stopped(ILogger logger);
}
