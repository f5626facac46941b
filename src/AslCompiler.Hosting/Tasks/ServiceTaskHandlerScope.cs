using System;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace AslCompiler.Hosting;

/// <summary>A generated class's handlers resolved from a new dependency-injection scope per Task call (AddScopedTaskHandlers).</summary>
/// <typeparam name="THandlers">The handlers class.</typeparam>
internal sealed class ServiceTaskHandlerScope<THandlers> : ITaskHandlerScope<THandlers>
    where THandlers : class
{
    private readonly IServiceScopeFactory _scopes;

    public ServiceTaskHandlerScope(IServiceProvider services) => _scopes = services.GetRequiredService<IServiceScopeFactory>();

    public ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation, Func<THandlers, TaskInvocation, ValueTask<JsonValue>> handler)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        ArgumentNullException.ThrowIfNull(handler);
        return ScopedTaskHandler.InScopeAsync(_scopes, invocation, handler, static (provider, invocation, handler) => handler(TaskHandlerUnavailableException.Resolve<THandlers>(provider), invocation));
    }
}
