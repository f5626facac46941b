using System.Threading.Tasks;
using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.Tasks;

namespace AslCompiler.Hosting;

/// <summary>
/// User code behind a Task state's resource, resolved from dependency injection in a new scope per invocation
/// (register it with <see cref="AslCompilerBuilder.AddTaskHandler{THandler}(string)"/>). Return the task's result;
/// throw <see cref="Runtime.Execution.TaskFailedException"/> to fail with an error name and cause that Retry and Catch
/// match; any other exception fails the task with the exception's type name as the error.
/// </summary>
public interface ITaskHandler
{
    /// <summary>Runs the task for one invocation (one attempt of one Task state).</summary>
    ValueTask<JsonValue> InvokeAsync(TaskInvocation invocation);
}
