using System;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Runtime.Tasks;

/// <summary>
/// Makes a generated class's handlers for one Task call and ends them after it, so what they depend on lives for one
/// attempt (a dependency-injection scope per call: the host's <c>AddScopedTaskHandlers</c>). A generated class's
/// <c>RegisterHandlers(TaskHandlerRegistry, ITaskHandlerScope&lt;IHandlers&gt;)</c> calls it for each invocation.
/// </summary>
/// <typeparam name="THandlers">The handlers: the generated <c>IHandlers</c>, or a class that implements it (the
/// interface is covariant, so a scope of <c>OrderHandlers</c> is one of <c>Orders.IHandlers</c>).</typeparam>
public interface ITaskHandlerScope<out THandlers>
    where THandlers : class
{
    /// <summary>
    /// Makes the handlers for <paramref name="invocation"/>, runs <paramref name="handler"/> on them, and ends them (disposes
    /// the scope) once its answer is in, whether it succeeded or threw.
    /// </summary>
    /// <param name="invocation">The Task call.</param>
    /// <param name="handler">The generated call of one handler method.</param>
    /// <returns>The handler's result.</returns>
    ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation, Func<THandlers, TaskInvocation, ValueTask<JsonValue>> handler);
}
