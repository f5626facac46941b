using System;
using AslCompiler.Runtime.Api;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// ../shared/bench/workflow20.asl.json as an EXPRESS state machine run through the Step Functions API
/// (<see cref="LocalStepFunctions.StartSyncExecutionAsync"/>: input and output as JSON text, the execution's record and
/// ARN), against the same definition on the kernel alone (<see cref="CompiledBenchmarks.Interpreted"/>'s path). The API
/// runs the compiled class <c>Workflow20</c>, since its definition matches. With <see cref="Inspect"/> the execution is kept
/// inspectable, so its history is recorded and it stays in memory: for one second, so a run of millions of executions
/// measures the steady state (recording, keeping and sweeping) instead of filling the machine's memory (90 days' worth).
/// </summary>
[MemoryDiagnoser]
public class ApiExpressBenchmarks
{
    private LocalStepFunctions _sfn = null!;
    private StartSyncExecutionRequest _request = null!;

    /// <summary>Whether Express executions are kept inspectable (history recorded, record kept).</summary>
    [Params(false, true)]
    public bool Inspect { get; set; }

    /// <summary>Creates the state machine.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sfn = new LocalStepFunctions(new StepFunctionsOptions
        {
            InspectExpressExecutions = Inspect,
            StandardExecutionRetention = Inspect ? TimeSpan.FromSeconds(1) : new StepFunctionsOptions().StandardExecutionRetention,
        });
        var machine = _sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "Workflow20",
            RoleArn = "arn:aws:iam::123456789012:role/bench",
            Type = StateMachineType.Express,
            Definition = BenchFiles.Workflow20Definition(),
        }).GetAwaiter().GetResult().StateMachineArn;
        _request = new StartSyncExecutionRequest { StateMachineArn = machine, Input = BenchFiles.Workflow20Input() };
        var first = StartSync();
        if (first.Status != SyncExecutionStatus.Succeeded)
        {
            throw new InvalidOperationException("workflow20 did not succeed through the API: " + first.Error + " " + first.Cause);
        }
    }

    /// <summary>One StartSyncExecution.</summary>
    [Benchmark]
    public StartSyncExecutionResponse StartSync() => _sfn.StartSyncExecutionAsync(_request).GetAwaiter().GetResult();
}
