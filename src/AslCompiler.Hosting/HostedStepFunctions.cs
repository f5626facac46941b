using System;
using System.Linq;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Execution;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AslCompiler.Hosting;

/// <summary>Builds the hosted <see cref="LocalStepFunctions"/> and its task handler registry from the container.</summary>
internal static class HostedStepFunctions
{
    public static LocalStepFunctions Create(IServiceProvider services)
    {
        // Reading Value runs the validators: a bad configuration fails here with every problem named.
        var options = services.GetRequiredService<IOptions<AslCompilerOptions>>().Value;
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        var http = services.GetService<HttpClientChoice>();
        return new LocalStepFunctions(new StepFunctionsOptions
        {
            Partition = options.Partition,
            Region = options.Region,
            AccountId = options.AccountId,
            TimeProvider = time,
            InspectExpressExecutions = options.InspectExpressExecutions,
            StandardExecutionRetention = options.StandardExecutionRetention,
            Store = services.GetRequiredService<IStepFunctionsStore>(),
            Owner = options.Owner,
            ClaimLease = options.ClaimLease,
            Observers = services.GetServices<IExecutionObserver>().ToArray(),

            // The host's shutdown timeout bounds the scheduler's stop (its token): no second limit of the engine's own.
            ShutdownTimeout = System.Threading.Timeout.InfiniteTimeSpan,
            Execution = new ExecutionOptions
            {
                TimeProvider = time,
                TaskHandlers = services.GetRequiredService<TaskHandlerRegistry>(),
                TaskHandlerFailed = services.GetService<Microsoft.Extensions.Logging.ILoggerFactory>() is { } loggers ? Tasks.TaskHandlerLog.Logging(loggers) : null,
                TaskHandlerCalling = services.GetService<ExecutionTelemetry>() is { } telemetry ? telemetry.TaskCalling : null,
                RoleArn = options.EffectiveRoleArn,
                Partition = options.Partition,
                Region = options.Region,
                AccountId = options.AccountId,
                HttpClientFactory = http is null ? null : () => http.Factory(services),
                HttpConnections = services.GetService<IHttpConnectionProvider>(),
            },
        });
    }

    /// <summary>The chosen store: UseStore's factory, else the path store at StorePath (SQLite unless UsePathStore chose another), else a new in-memory store.</summary>
    public static IStepFunctionsStore CreateStore(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<AslCompilerOptions>>().Value;
        var choice = services.GetRequiredService<StoreChoice>();
        if (choice.Factory is { } factory)
        {
            return factory(services);
        }

        // The stores compare claims' leases with the clock the engine runs on.
        var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
        if (options.StorePath is { } path && !string.IsNullOrWhiteSpace(path))
        {
            return choice.PathOpener is { } open ? open(path) : SqliteStepFunctionsStore.Open(path, new SqliteStoreOptions { TimeProvider = time });
        }

        return new InMemoryStepFunctionsStore(time);
    }

    public static TaskHandlerRegistry CreateRegistry(IServiceProvider services)
    {
        var registry = new TaskHandlerRegistry();

        // A generated class's handlers first: a resource that also has a handler of its own is run by that one.
        foreach (var set in services.GetServices<TaskHandlerSetRegistration>())
        {
            set.Register(services, registry);
        }

        foreach (var registration in services.GetServices<TaskHandlerRegistration>())
        {
            registry.Register(registration.Resource, registration.Create(services));
        }

        return registry;
    }
}
