using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;

namespace AslCompiler.Runtime.Api.Engine;

/// <summary>
/// How many executions of each state machine are RUNNING, kept in step with every status change (the engine counts an
/// execution when it is registered RUNNING or redriven, and uncounts it when it ends or is dropped), so DeleteStateMachine
/// asks one dictionary instead of scanning every execution record. A state machine with none running has no entry, so
/// the dictionary holds only the state machines with something running. Thread-safe and lock-free: each change is one
/// compare-and-exchange on the state machine's entry, which also orders it with a deletion's write of DELETING (see
/// <see cref="KernelExecutionEngine.HasRunningExecutions"/>).
/// </summary>
internal sealed class RunningExecutionCounts
{
    private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>Counts one more running execution of <paramref name="stateMachineArn"/>.</summary>
    public void Increment(string stateMachineArn) => _counts.AddOrUpdate(stateMachineArn, 1, static (_, n) => n + 1);

    /// <summary>Counts one fewer; the entry goes when none is left (unless an increment got in first).</summary>
    public void Decrement(string stateMachineArn)
    {
        while (true)
        {
            if (!_counts.TryGetValue(stateMachineArn, out var n) || n <= 0)
            {
                Debug.Fail("No running execution of '" + stateMachineArn + "' is counted.");
                return;
            }

            if (_counts.TryUpdate(stateMachineArn, n - 1, n))
            {
                if (n == 1)
                {
                    // Removed only while still zero: an increment that came in between keeps its entry.
                    _counts.TryRemove(new KeyValuePair<string, int>(stateMachineArn, 0));
                }

                return;
            }
        }
    }

    /// <summary>How many executions of <paramref name="stateMachineArn"/> are running.</summary>
    public int Count(string stateMachineArn) => _counts.TryGetValue(stateMachineArn, out var n) ? n : 0;
}
