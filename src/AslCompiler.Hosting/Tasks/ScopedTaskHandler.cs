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
        return async invocation =>
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                return await invoke(scope.ServiceProvider, invocation).ConfigureAwait(false);
            }
        };
    }

    public static TaskHandler Create<THandler>(IServiceProvider services)
        where THandler : class, ITaskHandler =>
        Create(services, static (provider, invocation) => provider.GetRequiredService<THandler>().InvokeAsync(invocation));
}
