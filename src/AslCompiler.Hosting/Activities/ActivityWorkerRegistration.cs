using System;
using System.Threading;
using System.Threading.Tasks;
using AslCompiler.Runtime.Json;

namespace AslCompiler.Hosting;

/// <summary>One activity worker: which activity, what runs a task (in a scope), and how it polls.</summary>
internal sealed record ActivityWorkerRegistration(
    string ActivityArn,
    string WorkerTypeName,
    Func<IServiceProvider, ActivityWorkItem, CancellationToken, ValueTask<JsonValue>> Execute,
    ActivityWorkerOptions Options);
