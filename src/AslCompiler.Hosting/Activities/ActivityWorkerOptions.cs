using System;

namespace AslCompiler.Hosting;

/// <summary>How one activity worker polls and answers.</summary>
public sealed class ActivityWorkerOptions
{
    /// <summary>The most tasks worked on at once (each has its own poll). Default 1; at most 100.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>
    /// The name given to GetActivityTask and recorded in the ActivityStarted history event (1–80 characters).
    /// Default: the machine name and the worker type's name.
    /// </summary>
    public string? WorkerName { get; set; }

    /// <summary>
    /// When set, SendTaskHeartbeat is sent at this interval while the worker runs, for activities with
    /// HeartbeatSeconds. Default: none (the worker calls <see cref="ActivityWorkItem.HeartbeatAsync"/> itself if it needs to).
    /// </summary>
    public TimeSpan? HeartbeatInterval { get; set; }

    /// <summary>
    /// Creates the activity at start when it does not exist (CreateActivity is idempotent). Default
    /// <see langword="true"/>; with <see langword="false"/> the worker waits until someone creates it.
    /// </summary>
    public bool CreateActivity { get; set; } = true;

    /// <summary>How long to wait after a failed poll (the activity missing, the service stopping) before polling again. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
