using System;
using System.Globalization;

namespace AslCompiler.Language.Text;

/// <summary>
/// A range of source text: character offsets and the zero-based line and column of both ends.
/// Columns count UTF-16 code units, as Roslyn and the Language Server Protocol do.
/// </summary>
public readonly struct SourceSpan : IEquatable<SourceSpan>
{
    /// <summary>Creates a span from its offsets and line/column positions (all zero-based).</summary>
    /// <param name="start">Offset of the first character.</param>
    /// <param name="end">Offset just past the last character.</param>
    /// <param name="startLine">Zero-based line of <paramref name="start"/>.</param>
    /// <param name="startColumn">Zero-based column of <paramref name="start"/>.</param>
    /// <param name="endLine">Zero-based line of <paramref name="end"/>.</param>
    /// <param name="endColumn">Zero-based column of <paramref name="end"/>.</param>
    public SourceSpan(int start, int end, int startLine, int startColumn, int endLine, int endColumn)
    {
        if (start < 0 || end < start)
        {
            throw new ArgumentOutOfRangeException(nameof(end), "A span must satisfy 0 <= start <= end.");
        }

        Start = start;
        End = end;
        StartLine = startLine;
        StartColumn = startColumn;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    /// <summary>Offset of the first character.</summary>
    public int Start { get; }

    /// <summary>Offset just past the last character.</summary>
    public int End { get; }

    /// <summary>Number of characters covered.</summary>
    public int Length => End - Start;

    /// <summary>Zero-based line of <see cref="Start"/>.</summary>
    public int StartLine { get; }

    /// <summary>Zero-based column of <see cref="Start"/>.</summary>
    public int StartColumn { get; }

    /// <summary>Zero-based line of <see cref="End"/>.</summary>
    public int EndLine { get; }

    /// <summary>Zero-based column of <see cref="End"/>.</summary>
    public int EndColumn { get; }

    /// <inheritdoc/>
    public bool Equals(SourceSpan other) =>
        Start == other.Start && End == other.End &&
        StartLine == other.StartLine && StartColumn == other.StartColumn &&
        EndLine == other.EndLine && EndColumn == other.EndColumn;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SourceSpan other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => unchecked((Start * 397) ^ End);

    /// <summary>Compares two spans for equality.</summary>
    public static bool operator ==(SourceSpan left, SourceSpan right) => left.Equals(right);

    /// <summary>Compares two spans for inequality.</summary>
    public static bool operator !=(SourceSpan left, SourceSpan right) => !left.Equals(right);

    /// <summary>Formats the span as one-based <c>line:column-line:column</c>, the way editors show it.</summary>
    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0}:{1}-{2}:{3}", StartLine + 1, StartColumn + 1, EndLine + 1, EndColumn + 1);
}
