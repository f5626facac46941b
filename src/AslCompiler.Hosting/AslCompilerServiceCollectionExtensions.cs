using System;
using System.Diagnostics.Metrics;
using System.Linq;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AslCompiler.Hosting;

/// <summary>Registers AslCompiler's Step Functions in a service collection.</summary>
public static class AslCompilerServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IStepFunctions"/> (one <see cref="LocalStepFunctions"/>), its store (in memory unless
    /// <see cref="AslCompilerBuilder.UseStore"/> or <see cref="AslCompilerOptions.StorePath"/> say otherwise), the
    /// scheduler (a hosted service that resumes executions at start and checkpoints them at stop), the
    /// <see cref="TaskHandlerRegistry"/>, and <see cref="ExecutionTelemetry"/> (logs, spans, metrics). Options are
    /// validated when the host starts. Calling it again adds configuration and returns a builder over the same services.
    /// </summary>
    public static AslCompilerBuilder AddAslCompiler(this IServiceCollection services, Action<AslCompilerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var optionsBuilder = services.AddOptions<AslCompilerOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        var store = services.FirstOrDefault(d => d.ServiceType == typeof(StoreChoice))?.ImplementationInstance as StoreChoice;
        if (store is not null)
        {
            return new AslCompilerBuilder(services, store);
        }

        store = new StoreChoice();
        services.AddSingleton(store);
        optionsBuilder.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AslCompilerOptions>, AslCompilerOptionsValidator>());
        services.TryAddSingleton(HostedStepFunctions.CreateRegistry);
        services.TryAddSingleton(services => new ExecutionTelemetry(
            services.GetService<ILoggerFactory>(),
            services.GetService<IMeterFactory>(),
            services.GetRequiredService<IOptions<AslCompilerOptions>>().Value.TraceAllExecutions));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IExecutionObserver, ExecutionTelemetry>(services => services.GetRequiredService<ExecutionTelemetry>()));
        services.TryAddSingleton(HostedStepFunctions.CreateStore);
        services.TryAddSingleton(HostedStepFunctions.Create);
        services.TryAddSingleton<IStepFunctions>(services => services.GetRequiredService<LocalStepFunctions>());
        services.AddHostedService<StepFunctionsScheduler>();
        return new AslCompilerBuilder(services, store);
    }
}
