using System;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using AslCompiler.Server.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AslCompiler.Server;

/// <summary>
/// An HTTP endpoint speaking the AWS Step Functions wire protocol (AWS JSON 1.0: <c>POST /</c>,
/// <c>X-Amz-Target: AWSStepFunctions.&lt;Action&gt;</c>) over an <see cref="IStepFunctions"/>, so the AWS CLI and the
/// AWS SDKs work against it unchanged. <c>GET /health</c> answers <c>{"status":"ok"}</c>. Stopping waits for requests
/// in flight up to <see cref="StepFunctionsServerOptions.ShutdownTimeout"/>.
/// </summary>
public sealed class StepFunctionsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StepFunctionsServerOptions _options;
    private readonly ILogger _logger;
    private Uri? _address;

    private StepFunctionsServer(WebApplication app, StepFunctionsServerOptions options)
    {
        _app = app;
        _options = options;
        _logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AslCompiler.Server");
    }

    /// <summary>The address the server listens on (with the port picked when <see cref="StepFunctionsServerOptions.Port"/> is 0); set by <see cref="StartAsync"/>.</summary>
    /// <exception cref="InvalidOperationException">The server has not started.</exception>
    public Uri BaseAddress => _address ?? throw new InvalidOperationException("The server has not started.");

    /// <summary>Creates a server over <paramref name="api"/>; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <param name="api">The Step Functions the endpoint exposes.</param>
    /// <param name="options">Where to listen; defaults when <see langword="null"/>.</param>
    /// <param name="configureLogging">Sets up logging (providers, levels); none when <see langword="null"/>.</param>
    /// <returns>The server.</returns>
    public static StepFunctionsServer Create(IStepFunctions api, StepFunctionsServerOptions? options = null, Action<ILoggingBuilder>? configureLogging = null)
    {
        ArgumentNullException.ThrowIfNull(api);
        options ??= new StepFunctionsServerOptions();
        var address = ParseHost(options.Host);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(StepFunctionsServer).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = AwsJsonEndpoint.HardCap(options.MaxRequestBodyBytes);
            kestrel.Listen(address, options.Port);
        });

        var app = builder.Build();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AslCompiler.Server.Requests");
        var endpoint = new AwsJsonEndpoint(api, options.MaxRequestBodyBytes, logger, lifetime.ApplicationStopping);
        // One terminal handler, no routing: every method and path gets an AWS-shaped answer (405, 404), not an empty one.
        app.Run(context => endpoint.DispatchAsync(context, health =>
        {
            health.Response.ContentType = "application/json";
            return health.Response.WriteAsync(lifetime.ApplicationStopping.IsCancellationRequested ? "{\"status\":\"stopping\"}" : "{\"status\":\"ok\"}");
        }));
        return new StepFunctionsServer(app, options);
    }

    /// <summary>Starts listening.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>When the server listens.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("The server reported no address.");
        // Kestrel reports wildcard binds as http://[::]:port; clients need a host they can dial.
        _address = new Uri(bound.Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        ServerLog.Listening(_logger, bound);
    }

    /// <summary>Completes when the process is asked to stop (Ctrl+C, SIGTERM) or <see cref="StopAsync"/> runs.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>When shutdown was requested.</returns>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting connections and waits for requests in flight (up to the shutdown timeout).</summary>
    /// <param name="cancellationToken">Cuts the wait short.</param>
    /// <returns>When stopped.</returns>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        ServerLog.Stopping(_logger, _options.ShutdownTimeout.TotalSeconds);
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
        ServerLog.Stopped(_logger);
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static IPAddress ParseHost(string host)
    {
        if (host is "*" or "+" or "0.0.0.0")
        {
            return IPAddress.Any;
        }

        if (host is "::")
        {
            return IPAddress.IPv6Any;
        }

        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host, out var address)
            ? address
            : throw new ArgumentException("--host must be an IP address, localhost or *, not '" + host + "'.", nameof(host));
    }
}
