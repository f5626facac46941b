using System;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// CreateStateMachine then DeleteStateMachine (nothing running, so it is removed at once) on an instance that keeps
/// <see cref="KeptExecutions"/> ended executions of another state machine. DeleteStateMachine asks the engine whether
/// the state machine has running executions: that was a scan of every execution record kept; it is now a read of a
/// per-state-machine count.
/// </summary>
[MemoryDiagnoser]
public class DeleteStateMachineBenchmarks
{
    private const string RoleArn = "arn:aws:iam::123456789012:role/bench";
    private const string Definition = """{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}""";

    private LocalStepFunctions _sfn = null!;

    /// <summary>How many ended executions the instance keeps (within their retention).</summary>
    [Params(0, 100_000)]
    public int KeptExecutions { get; set; }

    /// <summary>Runs the kept executions to their end.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sfn = new LocalStepFunctions();
        var kept = _sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "Kept", RoleArn = RoleArn, Definition = Definition })
            .GetAwaiter().GetResult().StateMachineArn;
        for (var i = 0; i < KeptExecutions; i++)
        {
            _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = kept }).GetAwaiter().GetResult();
        }

        _sfn.RunsEndedAsync().GetAwaiter().GetResult();
    }

    /// <summary>Creates a state machine and deletes it.</summary>
    [Benchmark]
    public async Task<DeleteStateMachineResponse> CreateAndDelete()
    {
        var machine = await _sfn.CreateStateMachineAsync(new CreateStateMachineRequest { Name = "Doomed", RoleArn = RoleArn, Definition = Definition }).ConfigureAwait(false);
        var deleted = await _sfn.DeleteStateMachineAsync(new DeleteStateMachineRequest { StateMachineArn = machine.StateMachineArn }).ConfigureAwait(false);
        if (_sfn.CurrentState.StateMachines.ContainsKey(machine.StateMachineArn))
        {
            throw new InvalidOperationException("The state machine was not removed.");
        }

        return deleted;
    }

    /// <summary>Ends the instance.</summary>
    [GlobalCleanup]
    public Task Cleanup() => _sfn.ShutdownAsync();
}
