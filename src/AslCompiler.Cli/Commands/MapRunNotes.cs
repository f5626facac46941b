using System.Collections.Concurrent;
using System.Globalization;
using System.IO;
using System.Linq;
using AslCompiler.Runtime.Execution;

namespace AslCompiler.Cli.Commands;

/// <summary>
/// Keeps the Map Runs of an <c>asl run</c> and, after it, says on standard error why each failed one failed: the
/// execution's own error is only <c>States.ExceedToleratedFailureThreshold</c>, and the children's errors are in child
/// executions that <c>asl run</c> does not print (on AWS, the Map Run's executions).
/// </summary>
internal sealed class MapRunNotes : IMapRunMonitor
{
    private readonly ConcurrentQueue<MapRunControl> _runs = new();

    /// <inheritdoc/>
    public void Started(MapRunControl run) => _runs.Enqueue(run);

    /// <summary>One line per Map Run whose children failed: how many did, and the first one's error and cause.</summary>
    /// <param name="error">Standard error.</param>
    public void Write(TextWriter error)
    {
        foreach (var run in _runs.Where(r => r.State == MapRunState.Failed))
        {
            // A run that failed before any child did (its items could not be read) has nothing to add to the error.
            var first = run.Executions.FirstOrDefault(e => e.Status is ExecutionStatus.Failed or ExecutionStatus.TimedOut);
            if (first is not null)
            {
                error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"asl: note: the Map Run of '{run.Label}' failed: {run.Children.Failed} of {run.TotalChildren} child executions failed; the first, '{first.Name}', {(first.Status == ExecutionStatus.TimedOut ? "timed out" : "failed")} with {first.Error ?? "(no error)"}: {first.Cause ?? "(no cause)"}."));
            }
        }
    }
}
