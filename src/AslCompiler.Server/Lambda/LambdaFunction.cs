using System;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Server.Lambda;

/// <summary>
/// A Lambda function served in-process by <c>asl serve --handlers ASSEMBLY</c>: a public class with a public
/// parameterless constructor, implementing this interface and marked <see cref="LambdaFunctionAttribute"/>.
/// Throw <see cref="Runtime.Execution.TaskFailedException"/> to fail the task with an error name and cause.
/// </summary>
public interface ILambdaFunction
{
    /// <summary>Runs the function.</summary>
    /// <param name="invocation">The payload and where the call comes from.</param>
    /// <returns>The function's result (the task's result, or <c>Payload</c> of <c>lambda:invoke</c>).</returns>
    ValueTask<JsonValue> InvokeAsync(LambdaInvocation invocation);
}

/// <summary>Names the Lambda function an <see cref="ILambdaFunction"/> class serves (the name in the function ARN).</summary>
/// <param name="functionName">The function name, e.g. <c>HelloFunction</c>.</param>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class LambdaFunctionAttribute(string functionName) : Attribute
{
    /// <summary>The function name, e.g. <c>HelloFunction</c>.</summary>
    public string FunctionName { get; } = functionName;
}

/// <summary>One call of a Lambda function by a Task state.</summary>
public sealed class LambdaInvocation
{
    /// <summary>Creates an invocation.</summary>
    /// <param name="functionName">The function name (without ARN prefix or qualifier).</param>
    /// <param name="qualifier">The version or alias named after the function, or null.</param>
    /// <param name="payload">The event the function receives.</param>
    /// <param name="executionArn">The execution making the call.</param>
    /// <param name="stateName">The Task state making the call.</param>
    /// <param name="cancellationToken">Cancelled when the task times out or the execution stops.</param>
    public LambdaInvocation(string functionName, string? qualifier, JsonValue payload, string executionArn, string stateName, CancellationToken cancellationToken)
    {
        FunctionName = functionName;
        Qualifier = qualifier;
        Payload = payload;
        ExecutionArn = executionArn;
        StateName = stateName;
        CancellationToken = cancellationToken;
    }

    /// <summary>The function name (without ARN prefix or qualifier).</summary>
    public string FunctionName { get; }

    /// <summary>The version or alias named after the function, or null.</summary>
    public string? Qualifier { get; }

    /// <summary>The event the function receives.</summary>
    public JsonValue Payload { get; }

    /// <summary>The execution making the call.</summary>
    public string ExecutionArn { get; }

    /// <summary>The Task state making the call.</summary>
    public string StateName { get; }

    /// <summary>Cancelled when the task times out or the execution stops.</summary>
    public CancellationToken CancellationToken { get; }
}
