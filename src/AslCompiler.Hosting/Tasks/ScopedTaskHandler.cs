using System;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting;

/// <summary>Runs each task invocation in its own dependency-injection scope, so scoped services live for one attempt.</summary>
internal static class ScopedTaskHandler
{
    public static TaskHandler Create(IServiceProvider services, Func<IServiceProvider, TaskInvocation, ValueTask<JsonValue>> invoke)
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        return invocation => InScopeAsync(scopes, invocation, invoke, static (provider, invocation, invoke) => invoke(provider, invocation));
    }

    public static TaskHandler Create<THandler>(IServiceProvider services)
        where THandler : class, ITaskHandler =>
        Create(services, static (provider, invocation) => TaskHandlerUnavailableException.Resolve<THandler>(provider).InvokeAsync(invocation));

    /// <summary>Runs <paramref name="invoke"/> on the provider of a new scope, disposed once its answer is in.</summary>
    public static async ValueTask<JsonValue> InScopeAsync<TState>(IServiceScopeFactory scopes, TaskInvocation invocation, TState state, Func<IServiceProvider, TaskInvocation, TState, ValueTask<JsonValue>> invoke)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            return await invoke(scope.ServiceProvider, invocation, state).ConfigureAwait(false);
        }
    }
}
