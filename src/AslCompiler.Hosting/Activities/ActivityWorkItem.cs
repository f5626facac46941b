using System;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Hosting;

/// <summary>One task handed to an <see cref="IActivityWorker"/> by GetActivityTask.</summary>
public sealed class ActivityWorkItem
{
    private readonly IStepFunctions _stepFunctions;

    internal ActivityWorkItem(IStepFunctions stepFunctions, string activityArn, string workerName, string taskToken, JsonValue input)
    {
        _stepFunctions = stepFunctions;
        ActivityArn = activityArn;
        WorkerName = workerName;
        TaskToken = taskToken;
        Input = input;
    }

    /// <summary>The activity the task belongs to.</summary>
    public string ActivityArn { get; }

    /// <summary>The worker name given to GetActivityTask (recorded in the execution's history).</summary>
    public string WorkerName { get; }

    /// <summary>The task token; the worker service answers with it, so user code needs it only to hand the task on.</summary>
    public string TaskToken { get; }

    /// <summary>The task's input.</summary>
    public JsonValue Input { get; }

    /// <summary>Tells Step Functions the task is still alive (resets the state's HeartbeatSeconds timer).</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        await _stepFunctions.SendTaskHeartbeatAsync(new SendTaskHeartbeatRequest { TaskToken = TaskToken }, cancellationToken).ConfigureAwait(false);
    }
}
