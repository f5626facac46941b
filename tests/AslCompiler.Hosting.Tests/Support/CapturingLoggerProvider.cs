using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace AslCompiler.Hosting.Tests;

/// <summary>Keeps every log record (category, level, event id, message and structured values) for assertions.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<LogRecord> Records { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    public IReadOnlyList<LogRecord> InCategory(string category) => Records.Where(r => r.Category == category).ToList();

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            var ambient = System.Diagnostics.Activity.Current;
            provider.Records.Enqueue(new LogRecord(category, logLevel, eventId, formatter(state, exception), values.ToDictionary(v => v.Key, v => v.Value))
            {
                Exception = exception,
                TraceId = ambient?.TraceId ?? default,
                SpanId = ambient?.SpanId ?? default,
            });
        }
    }
}

internal sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Values)
{
    /// <summary>The exception logged with the record, if any.</summary>
    public Exception? Exception { get; init; }

    /// <summary>The trace of the activity ambient when the record was logged (default: none).</summary>
    public System.Diagnostics.ActivityTraceId TraceId { get; init; }

    /// <summary>The span of the activity ambient when the record was logged (default: none).</summary>
    public System.Diagnostics.ActivitySpanId SpanId { get; init; }

    public string Value(string name) => Values.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty : string.Empty;
}
