using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Hosting;

/// <summary>
/// Does the work of an activity (a Task state whose resource is an activity ARN). A background service polls
/// GetActivityTask and resolves the worker in a new dependency-injection scope per task (register it with
/// <see cref="AslCompilerBuilder.AddActivityWorker{TWorker}(string, System.Action{ActivityWorkerOptions}?)"/>).
/// The returned value is sent with SendTaskSuccess; a <see cref="Runtime.Execution.TaskFailedException"/> is sent with
/// SendTaskFailure as its error and cause, any other exception as its type name and message.
/// </summary>
public interface IActivityWorker
{
    /// <summary>Works on one task. <paramref name="cancellationToken"/> is cancelled when the host stops.</summary>
    ValueTask<JsonValue> ExecuteAsync(ActivityWorkItem task, CancellationToken cancellationToken);
}
