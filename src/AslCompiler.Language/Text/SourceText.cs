using System;
using System.Collections.Generic;

namespace AslCompiler.Language.Text;

/// <summary>
/// Source text with a line map, so any offset can be turned into a line and column.
/// Line breaks are <c>\n</c>, <c>\r\n</c> and a lone <c>\r</c> (the only ones JSON whitespace allows).
/// </summary>
public sealed class SourceText
{
    private int[]? _lineStarts;

    /// <summary>Wraps <paramref name="text"/>.</summary>
    public SourceText(string text) => Text = text ?? throw new ArgumentNullException(nameof(text));

    /// <summary>The text itself.</summary>
    public string Text { get; }

    /// <summary>Number of characters.</summary>
    public int Length => Text.Length;

    /// <summary>Number of lines (at least one).</summary>
    public int LineCount => LineStarts.Length;

    private int[] LineStarts => _lineStarts ??= ComputeLineStarts(Text);

    /// <summary>The zero-based line and column of <paramref name="offset"/> (0 ≤ offset ≤ Length).</summary>
    public (int Line, int Column) GetLinePosition(int offset)
    {
        if (offset < 0 || offset > Text.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(offset));
        }

        var starts = LineStarts;
        var line = Array.BinarySearch(starts, offset);
        if (line < 0)
        {
            line = ~line - 1;
        }

        return (line, offset - starts[line]);
    }

    /// <summary>The span from <paramref name="start"/> to <paramref name="end"/> with its line positions.</summary>
    public SourceSpan GetSpan(int start, int end)
    {
        var (startLine, startColumn) = GetLinePosition(start);
        var (endLine, endColumn) = GetLinePosition(end);
        return new SourceSpan(start, end, startLine, startColumn, endLine, endColumn);
    }

    private static int[] ComputeLineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                starts.Add(i + 1);
            }
            else if (c == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToArray();
    }
}
