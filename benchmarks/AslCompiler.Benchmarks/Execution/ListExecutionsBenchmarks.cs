using System;
using System.Threading.Tasks;
using AslCompiler.Runtime.Api;
using BenchmarkDotNet.Attributes;

namespace AslCompiler.Benchmarks.Execution;

/// <summary>
/// ListExecutions paged through every execution of a STANDARD state machine that has <see cref="Executions"/> of them
/// (ended), 100 a page, newest first: with all of them, and with a status filter that half of them match. A page used to
/// sort every execution of the state machine; it is now a seek in the state machine's executions, kept in start order.
/// </summary>
[MemoryDiagnoser]
public class ListExecutionsBenchmarks
{
    private LocalStepFunctions _sfn = null!;
    private string _machine = null!;

    /// <summary>How many executions the state machine has.</summary>
    [Params(20_000)]
    public int Executions { get; set; }

    /// <summary>Starts the executions (half succeed, half fail) and waits for them to end.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _sfn = new LocalStepFunctions();
        _machine = _sfn.CreateStateMachineAsync(new CreateStateMachineRequest
        {
            Name = "Paged",
            RoleArn = "arn:aws:iam::123456789012:role/bench",
            Definition = """{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.fail","BooleanEquals":true,"Next":"F"}],"Default":"S"},"S":{"Type":"Succeed"},"F":{"Type":"Fail","Error":"E"}}}""",
        }).GetAwaiter().GetResult().StateMachineArn;
        for (var i = 0; i < Executions; i++)
        {
            _sfn.StartExecutionAsync(new StartExecutionRequest { StateMachineArn = _machine, Input = i % 2 == 0 ? "{\"fail\":false}" : "{\"fail\":true}" }).GetAwaiter().GetResult();
        }

        _sfn.RunsEndedAsync().GetAwaiter().GetResult();
        if (PageThrough(null) != Executions || PageThrough(ExecutionStatus.Failed) != Executions / 2)
        {
            throw new InvalidOperationException("ListExecutions did not list every execution once.");
        }
    }

    /// <summary>Every page of the state machine's executions.</summary>
    [Benchmark]
    public int AllPages() => PageThrough(null);

    /// <summary>Every page of its FAILED executions (half of them).</summary>
    [Benchmark]
    public int FailedPages() => PageThrough(ExecutionStatus.Failed);

    private int PageThrough(ExecutionStatus? status)
    {
        var listed = 0;
        string? token = null;
        do
        {
            var page = _sfn.ListExecutionsAsync(new ListExecutionsRequest { StateMachineArn = _machine, StatusFilter = status, MaxResults = 100, NextToken = token })
                .GetAwaiter().GetResult();
            listed += page.Executions.Count;
            token = page.NextToken;
        }
        while (token is not null);
        return listed;
    }

    /// <summary>Ends the instance.</summary>
    [GlobalCleanup]
    public Task Cleanup() => _sfn.ShutdownAsync();
}
