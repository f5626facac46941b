using AslCompiler.Runtime.Execution;

namespace AslCompiler.Runtime.Tests.Execution;

/// <summary>A journal in a list: every staged record is committed at once.</summary>
internal sealed class ListJournal(IReadOnlyList<JournalRecord> committed) : IExecutionJournal
{
    private readonly List<JournalRecord> _records = [.. committed];

    public IReadOnlyList<JournalRecord> Committed { get; } = committed;

    public List<JournalRecord> Records
    {
        get
        {
            lock (_records)
            {
                return [.. _records];
            }
        }
    }

    public void Stage(JournalRecord record)
    {
        lock (_records)
        {
            _records.Add(record);
        }
    }

    public ValueTask CommitAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
