using System;
using System.Diagnostics.CodeAnalysis;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api.Store;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using AslCompiler.Sqlite;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AslCompiler.Hosting;

/// <summary>
/// Configures the hosted Step Functions that <see cref="AslCompilerServiceCollectionExtensions.AddAslCompiler"/>
/// registered: its store, task handlers and activity workers. Every method returns the builder, for chaining.
/// </summary>
public sealed class AslCompilerBuilder
{
    private readonly StoreChoice _store;

    internal AslCompilerBuilder(IServiceCollection services, StoreChoice store)
    {
        Services = services;
        _store = store;
    }

    /// <summary>The service collection, for extensions (a store package's <c>UseSqlite</c>, for instance).</summary>
    public IServiceCollection Services { get; }

    /// <summary>Configures <see cref="AslCompilerOptions"/> (again; configurations apply in order).</summary>
    public AslCompilerBuilder Configure(Action<AslCompilerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>
    /// Uses the store <paramref name="factory"/> makes (once, as a singleton; disposed with the container) for state
    /// machines and Standard executions. The last call wins. Default: in memory.
    /// </summary>
    public AslCompilerBuilder UseStore(Func<IServiceProvider, IStepFunctionsStore> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        _store.Factory = factory;
        return this;
    }

    /// <summary>
    /// Uses an embedded SQLite file (<see cref="SqliteStepFunctionsStore"/>) at <paramref name="path"/> for state
    /// machines and Standard executions. Without <paramref name="options"/>, as setting
    /// <see cref="AslCompilerOptions.StorePath"/> does: on the host's <see cref="TimeProvider"/> (the engine's clock,
    /// which claim leases are compared with). With them, theirs: give them the host's clock.
    /// </summary>
    public AslCompilerBuilder UseSqlite(string path, SqliteStoreOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return UseStore(services => SqliteStepFunctionsStore.Open(path, options ?? new SqliteStoreOptions { TimeProvider = services.GetService<TimeProvider>() ?? TimeProvider.System }));
    }

    /// <summary>
    /// Says how to open a store at <see cref="AslCompilerOptions.StorePath"/> (default: an embedded SQLite file; with
    /// no StorePath set, everything stays in memory). The last call wins.
    /// </summary>
    public AslCompilerBuilder UsePathStore(Func<string, IStepFunctionsStore> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        _store.PathOpener = open;
        return this;
    }

    /// <summary>
    /// Gives HTTP Tasks (<c>arn:aws:states:::http:invoke</c>) their <see cref="System.Net.Http.HttpClient"/>:
    /// <paramref name="factory"/> is called per HTTP call with the root provider, e.g.
    /// <c>sp =&gt; sp.GetRequiredService&lt;IHttpClientFactory&gt;().CreateClient("asl")</c>. The last call wins.
    /// Default: a shared client of the runtime's own that does not follow redirects.
    /// </summary>
    public AslCompilerBuilder UseHttpClient(Func<IServiceProvider, System.Net.Http.HttpClient> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.RemoveAll<HttpClientChoice>();
        Services.AddSingleton(new HttpClientChoice(factory));
        return this;
    }

    /// <summary>
    /// Resolves the <c>ConnectionArn</c> of HTTP Tasks with <typeparamref name="TProvider"/> (registered as a
    /// singleton unless already registered). The last call wins. Without a provider, a task naming a connection
    /// fails with <c>Events.ConnectionResource.ResourceNotFound</c>.
    /// </summary>
    public AslCompilerBuilder UseHttpConnections<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TProvider>()
        where TProvider : class, IHttpConnectionProvider
    {
        Services.TryAddSingleton<TProvider>();
        Services.RemoveAll<IHttpConnectionProvider>();
        Services.AddSingleton<IHttpConnectionProvider>(static services => services.GetRequiredService<TProvider>());
        return this;
    }

    /// <summary>
    /// Runs Task states whose resource is <paramref name="resource"/> with <typeparamref name="THandler"/>, resolved from
    /// a new scope per invocation (registered as scoped unless already registered).
    /// </summary>
    /// <typeparam name="THandler">The handler class.</typeparam>
    /// <param name="resource">A resource ARN, a Lambda function's name or ARN (called through <c>lambda:invoke</c> too), or a prefix pattern ending in <c>*</c>.</param>
    /// <returns>The builder.</returns>
    public AslCompilerBuilder AddTaskHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(string resource)
        where THandler : class, ITaskHandler
    {
        CheckResource(resource);
        Services.TryAddScoped<THandler>();
        Services.AddSingleton(new TaskHandlerRegistration(resource, ScopedTaskHandler.Create<THandler>, typeof(THandler).Name));
        return this;
    }

    /// <summary>Runs Task states whose resource is <paramref name="resource"/> with a delegate.</summary>
    /// <param name="resource">A resource ARN, a Lambda function's name or ARN, or a prefix pattern ending in <c>*</c>.</param>
    /// <param name="handler">The handler.</param>
    /// <returns>The builder.</returns>
    public AslCompilerBuilder AddTaskHandler(string resource, TaskHandler handler)
    {
        CheckResource(resource);
        ArgumentNullException.ThrowIfNull(handler);
        Services.AddSingleton(new TaskHandlerRegistration(resource, _ => handler, "delegate"));
        return this;
    }

    /// <summary>
    /// Runs Task states whose resource is <paramref name="resource"/> with a delegate that receives the service
    /// provider of a new scope per invocation.
    /// </summary>
    /// <param name="resource">A resource ARN, a Lambda function's name or ARN, or a prefix pattern ending in <c>*</c>.</param>
    /// <param name="handler">The handler, given the scope's services and the invocation.</param>
    /// <returns>The builder.</returns>
    public AslCompilerBuilder AddTaskHandler(string resource, Func<IServiceProvider, TaskInvocation, ValueTask<JsonValue>> handler)
    {
        CheckResource(resource);
        ArgumentNullException.ThrowIfNull(handler);
        Services.AddSingleton(new TaskHandlerRegistration(resource, services => ScopedTaskHandler.Create(services, handler), "delegate"));
        return this;
    }

    /// <summary>
    /// Runs the Task states of a generated class with <typeparamref name="THandlers"/>, its handlers (the class that
    /// implements the generated <c>IHandlers</c>): <paramref name="register"/> is the generated <c>RegisterHandlers</c>
    /// (<c>.AddTaskHandlers&lt;OrderHandlers&gt;(Orders.RegisterHandlers)</c>). <typeparamref name="THandlers"/> is
    /// resolved once from the container (registered as a singleton unless already registered, so its dependencies come
    /// by constructor injection) and one instance serves the host's life: for handlers that take scoped services (a
    /// <c>DbContext</c>), use <see cref="AddScopedTaskHandlers{THandlers}(Action{TaskHandlerRegistry, ITaskHandlerScope{THandlers}})"/>,
    /// which makes them per call. It is registered when the host builds its handler registry, before the first
    /// execution starts or resumes; the host's start fails when the class is registered as scoped (by
    /// <c>AddScopedTaskHandlers</c> too). A resource that <see cref="AddTaskHandler(string, TaskHandler)"/> (or another
    /// overload) also names is run by that handler.
    /// </summary>
    /// <typeparam name="THandlers">The handlers class.</typeparam>
    /// <param name="register">Registers an instance on a registry: the generated class's <c>RegisterHandlers</c>.</param>
    /// <returns>The builder.</returns>
    public AslCompilerBuilder AddTaskHandlers<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(Action<TaskHandlerRegistry, THandlers> register)
        where THandlers : class
    {
        ArgumentNullException.ThrowIfNull(register);
        AddHandlerSet<THandlers>(ServiceLifetime.Singleton, (services, registry) => register(registry, services.GetRequiredService<THandlers>()));
        return this;
    }

    /// <summary>
    /// Runs the Task states of a generated class with <typeparamref name="THandlers"/>, its handlers (the class that
    /// implements the generated <c>IHandlers</c>), resolved from a new scope per call (registered as scoped unless
    /// already registered), so scoped dependencies (a <c>DbContext</c>) live for one attempt:
    /// <c>.AddScopedTaskHandlers&lt;OrderHandlers&gt;(Orders.RegisterHandlers)</c>, where <paramref name="register"/> is the
    /// generated <c>RegisterHandlers(TaskHandlerRegistry, ITaskHandlerScope&lt;IHandlers&gt;)</c>. Registered when the
    /// host builds its handler registry, as <see cref="AddTaskHandlers{THandlers}(Action{TaskHandlerRegistry, THandlers})"/>
    /// is; the host's start fails when the class is registered as a singleton (by <c>AddTaskHandlers</c> too), which
    /// would serve every call from one instance. <typeparamref name="THandlers"/> may be the generated interface when you
    /// register its implementation yourself (<c>services.AddScoped&lt;Orders.IHandlers, OrderHandlers&gt;()</c>). A
    /// resource that <see cref="AddTaskHandler(string, TaskHandler)"/> (or another overload) also names is run by that
    /// handler.
    /// </summary>
    /// <typeparam name="THandlers">The handlers class.</typeparam>
    /// <param name="register">Registers a scope of handlers on a registry: the generated class's <c>RegisterHandlers</c>.</param>
    /// <returns>The builder.</returns>
    public AslCompilerBuilder AddScopedTaskHandlers<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(Action<TaskHandlerRegistry, ITaskHandlerScope<THandlers>> register)
        where THandlers : class
    {
        ArgumentNullException.ThrowIfNull(register);
        AddHandlerSet<THandlers>(ServiceLifetime.Scoped, (services, registry) => register(registry, new ServiceTaskHandlerScope<THandlers>(services)));
        return this;
    }

    /// <summary>
    /// Adds a background service that polls the activity <paramref name="activityArn"/> and runs each task with
    /// <typeparamref name="TWorker"/>, resolved from a new scope per task (registered as scoped unless already registered).
    /// </summary>
    public AslCompilerBuilder AddActivityWorker<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TWorker>(string activityArn, Action<ActivityWorkerOptions>? configure = null)
        where TWorker : class, IActivityWorker
    {
        Services.TryAddScoped<TWorker>();
        return AddWorker(activityArn, typeof(TWorker).Name, static (services, task, cancellationToken) => services.GetRequiredService<TWorker>().ExecuteAsync(task, cancellationToken), configure);
    }

    /// <summary>
    /// Adds a background service that polls the activity <paramref name="activityArn"/> and runs each task with a
    /// delegate that receives the service provider of a new scope per task.
    /// </summary>
    public AslCompilerBuilder AddActivityWorker(string activityArn, Func<IServiceProvider, ActivityWorkItem, CancellationToken, ValueTask<JsonValue>> worker, Action<ActivityWorkerOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(worker);
        return AddWorker(activityArn, "delegate", worker, configure);
    }

    private AslCompilerBuilder AddWorker(string activityArn, string name, Func<IServiceProvider, ActivityWorkItem, CancellationToken, ValueTask<JsonValue>> execute, Action<ActivityWorkerOptions>? configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(activityArn);
        var options = new ActivityWorkerOptions();
        configure?.Invoke(options);
        var registration = new ActivityWorkerRegistration(activityArn, name, execute, options);
        Services.AddSingleton(registration);
        Services.AddSingleton<IHostedService>(services => new ActivityWorkerService(services, registration));
        return this;
    }

    /// <summary>
    /// Registers a generated class's handlers class <typeparamref name="THandlers"/> with <paramref name="lifetime"/>
    /// (unless it is registered already; an interface or abstract class must be) and the set that registers it on the
    /// registry. When the registry is built (the host's start), the class's registration must fit: a singleton set
    /// resolves it once from the root provider, so it may not be scoped; a scoped set resolves it per call, so it may
    /// not be a singleton (the same class given to AddTaskHandlers and AddScopedTaskHandlers is one or the other).
    /// </summary>
    private void AddHandlerSet<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandlers>(ServiceLifetime lifetime, Action<IServiceProvider, TaskHandlerRegistry> register)
        where THandlers : class
    {
        var type = typeof(THandlers);
        if (!type.IsAbstract)
        {
            Services.TryAdd(new ServiceDescriptor(type, type, lifetime));
        }

        var services = Services;
        var method = lifetime == ServiceLifetime.Scoped ? "AddScopedTaskHandlers" : "AddTaskHandlers";
        Services.AddSingleton(new TaskHandlerSetRegistration(
            (provider, registry) =>
            {
                CheckHandlersLifetime(services, type, lifetime, method);
                register(provider, registry);
            },
            type.Name));
    }

    /// <summary>Throws when the handlers class's registration (the last one for its type) does not fit <paramref name="method"/>.</summary>
    private static void CheckHandlersLifetime(IServiceCollection services, Type type, ServiceLifetime lifetime, string method)
    {
        ServiceDescriptor? registered = null;
        foreach (var descriptor in services)
        {
            if (descriptor.ServiceType == type && !descriptor.IsKeyedService)
            {
                registered = descriptor;
            }
        }

        // A generated interface is nested in its class (Orders.IHandlers): the class names which one.
        var name = type.DeclaringType is { } declaring ? declaring.Name + "." + type.Name : type.Name;
        if (registered is null)
        {
            throw new InvalidOperationException(
                method + "<" + name + "> names an interface or abstract class that no service is registered for: name the class that implements it, or register one (services.AddScoped<" + name + ", YourHandlers>()).");
        }

        if (lifetime == ServiceLifetime.Scoped && registered.Lifetime == ServiceLifetime.Singleton)
        {
            throw new InvalidOperationException(
                method + "<" + name + "> resolves " + name + " from a new scope per Task call, but it is registered as a singleton (by AddTaskHandlers<" + name + "> or services.AddSingleton), so one instance would serve every call. Register it once, with the lifetime you mean: AddScopedTaskHandlers for one instance per call, AddTaskHandlers for one for the host's life.");
        }

        if (lifetime == ServiceLifetime.Singleton && registered.Lifetime == ServiceLifetime.Scoped)
        {
            throw new InvalidOperationException(
                method + "<" + name + "> resolves " + name + " once, for the host's life, but it is registered as scoped (by AddScopedTaskHandlers<" + name + "> or services.AddScoped), so its scoped dependencies would be held for the host's life. Use AddScopedTaskHandlers<" + name + "> for one instance per Task call.");
        }
    }

    private static void CheckResource(string resource) => ArgumentException.ThrowIfNullOrWhiteSpace(resource);
}

/// <summary>The HTTP client factory UseHttpClient chose.</summary>
internal sealed record HttpClientChoice(Func<IServiceProvider, System.Net.Http.HttpClient> Factory);
