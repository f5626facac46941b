using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AslCompiler.Hosting.Tests;

/// <summary>Generic hosts for tests: no console logging or configuration files, optional captured logs.</summary>
internal static class TestHosts
{
    public static HostApplicationBuilder Builder(CapturingLoggerProvider? logs = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        return builder;
    }
}
