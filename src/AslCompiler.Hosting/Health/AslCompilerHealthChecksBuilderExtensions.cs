using System;
using System.Collections.Generic;
using AslCompiler.Runtime.Api;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AslCompiler.Hosting;

/// <summary>Adds the health of the host's Step Functions to ASP.NET Core / Microsoft.Extensions health checks.</summary>
public static class AslCompilerHealthChecksBuilderExtensions
{
    /// <summary>The name <see cref="AddAslCompiler"/> registers the check under unless told another.</summary>
    public const string DefaultName = "aslcompiler";

    /// <summary>
    /// Registers <see cref="AslCompilerHealthCheck"/>: healthy once <c>AddAslCompiler</c>'s scheduler has resumed the
    /// store's RUNNING executions, <paramref name="failureStatus"/> while it starts or stops, when the recovery failed,
    /// and once an execution's run stopped because the store could not be written (until the host starts again).
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">What a failing check reports; null for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (a readiness or liveness endpoint).</param>
    /// <returns>The builder.</returns>
    public static IHealthChecksBuilder AddAslCompiler(
        this IHealthChecksBuilder builder,
        string name = DefaultName,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        builder.Services.TryAddSingleton<AslCompilerHealth>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionObserver, AslCompilerHealth>(services => services.GetRequiredService<AslCompilerHealth>()));
        return builder.Add(new HealthCheckRegistration(
            name,
            services => new AslCompilerHealthCheck(services.GetRequiredService<AslCompilerHealth>()),
            failureStatus,
            tags));
    }
}
