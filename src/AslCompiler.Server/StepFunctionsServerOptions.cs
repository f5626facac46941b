using System;

namespace AslCompiler.Server;

/// <summary>Where <see cref="StepFunctionsServer"/> listens and what it accepts.</summary>
public sealed class StepFunctionsServerOptions
{
    /// <summary>The default port, the one AWS Step Functions Local used.</summary>
    public const int DefaultPort = 8083;

    /// <summary>
    /// The address to bind: an IP address, <c>localhost</c> (loopback), or <c>*</c>/<c>0.0.0.0</c> for every interface.
    /// Default <c>127.0.0.1</c>: a local endpoint that checks no signatures must not be reachable from elsewhere unless asked.
    /// </summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port; 0 picks a free one (read it from <see cref="StepFunctionsServer.BaseAddress"/>). Default 8083.</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>
    /// The largest request body accepted, in bytes. Default 8 MiB: a 1 MiB definition JSON-escaped inside a request,
    /// with room to spare; larger bodies are answered with HTTP 413.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How long a stop waits for requests in flight (a StartSyncExecution, a long poll) before closing them. Default 10 s.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
