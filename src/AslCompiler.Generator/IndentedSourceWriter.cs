using System;
using System.Collections.Generic;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator;

/// <summary>
/// Writes C# source line by line with four-space indentation and <c>\n</c> line endings. The text lives in fixed-size
/// character blocks that all writers of one file share (<see cref="IndentedSourceWriter(IndentedSourceWriter, int)"/>),
/// so writing a method into its own writer and splicing it in with <see cref="Raw(IndentedSourceWriter)"/> copies
/// nothing, and <see cref="ToSourceText"/> hands the blocks to the compiler as they are: no buffer grows by copying
/// and no large-object-heap string is made, however large the file.
/// </summary>
internal sealed class IndentedSourceWriter
{
    /// <summary>Characters per block: 16 KB, well below the large object heap's 85,000 bytes.</summary>
    private const int BlockSize = 8192;

    private static readonly string Indentation = new(' ', 64);

    private readonly Blocks _blocks;
    private readonly List<Piece> _pieces = new();
    private int _depth;
    private int _length;

    /// <summary>A writer with its own blocks.</summary>
    /// <param name="depth">The indentation level to start at.</param>
    /// <param name="capacity">The first block's size in characters (later blocks are 8192).</param>
    public IndentedSourceWriter(int depth = 0, int capacity = 256)
    {
        _depth = depth;
        _blocks = new Blocks(Math.Max(16, Math.Min(capacity, BlockSize)));
    }

    /// <summary>A writer that shares <paramref name="sharing"/>'s blocks: text for the same file, spliced in later with <see cref="Raw(IndentedSourceWriter)"/>.</summary>
    /// <param name="sharing">The writer whose blocks to write into.</param>
    /// <param name="depth">The indentation level to start at.</param>
    public IndentedSourceWriter(IndentedSourceWriter sharing, int depth)
    {
        _depth = depth;
        _blocks = sharing._blocks;
    }

    /// <summary>The current indentation level.</summary>
    public int Depth => _depth;

    /// <summary>The number of characters written (spliced writers included).</summary>
    public int Length => _length;

    /// <summary>Appends text that is already indented (ends with a line break).</summary>
    public IndentedSourceWriter Raw(string text)
    {
        Append(text);
        return this;
    }

    /// <summary>
    /// Splices in what another writer wrote (already indented) without copying it. The other writer must be done: what
    /// it writes later shows up here too.
    /// </summary>
    public IndentedSourceWriter Raw(IndentedSourceWriter other)
    {
        if (ReferenceEquals(other, this))
        {
            throw new ArgumentException("A writer cannot contain itself.", nameof(other));
        }

        if (other._length > 0)
        {
            _pieces.Add(new Piece(other));
            _length += other._length;
        }

        return this;
    }

    /// <summary>Writes <paramref name="text"/> indented, then a line break (an empty line has no indentation).</summary>
    public IndentedSourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            Indent();
            Append(text);
        }

        Append('\n');
        return this;
    }

    /// <summary>Writes one line from three parts (no intermediate string): <paramref name="start"/>, <paramref name="middle"/> as a C# string literal, <paramref name="end"/>.</summary>
    public IndentedSourceWriter LiteralLine(string start, string middle, string end)
    {
        Indent();
        Append(start);
        AppendStringLiteral(middle);
        Append(end);
        Append('\n');
        return this;
    }

    public IndentedSourceWriter Open(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return this;
    }

    public IndentedSourceWriter Close(string closing = "}")
    {
        _depth--;
        return Line(closing);
    }

    /// <summary>The text as one string (for tests and small outputs; the generator uses <see cref="ToSourceText"/>).</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(_length);
        foreach (var segment in Segments())
        {
            builder.Append(segment.Block, segment.Start, segment.Length);
        }

        return builder.ToString();
    }

    /// <summary>The text for <c>AddSource</c>: UTF-8, over the written blocks (no copy). Write nothing more afterwards.</summary>
    public SourceText ToSourceText() => new BlockText(Segments(), _length);

    /// <summary>A C# regular string literal; every character outside printable ASCII is escaped, so the file stays ASCII.</summary>
    internal void AppendStringLiteral(string value)
    {
        Append('"');
        var plain = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            string? escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c < 0x20 || c > 0x7E ? UnicodeEscape(c) : null,
            };

            if (escape is not null)
            {
                Append(value, plain, i - plain);
                Append(escape);
                plain = i + 1;
            }
        }

        Append(value, plain, value.Length - plain);
        Append('"');
    }

    private static string UnicodeEscape(char c)
    {
        const string Hex = "0123456789abcdef";
        return new string(new[] { '\\', 'u', Hex[(c >> 12) & 0xF], Hex[(c >> 8) & 0xF], Hex[(c >> 4) & 0xF], Hex[c & 0xF] });
    }

    private void Indent()
    {
        for (var spaces = _depth * 4; spaces > 0; spaces -= Indentation.Length)
        {
            Append(Indentation, 0, Math.Min(spaces, Indentation.Length));
        }
    }

    private void Append(string text) => Append(text, 0, text.Length);

    private void Append(string text, int start, int count)
    {
        while (count > 0)
        {
            var block = _blocks.Current;
            var at = _blocks.Position;
            var n = Math.Min(count, block.Length - at);
            if (n == 0)
            {
                _blocks.Next();
                continue;
            }

            text.CopyTo(start, block, at, n);
            Record(block, at, n);
            start += n;
            count -= n;
        }
    }

    private void Append(char c)
    {
        if (_blocks.Position == _blocks.Current.Length)
        {
            _blocks.Next();
        }

        var block = _blocks.Current;
        var at = _blocks.Position;
        block[at] = c;
        Record(block, at, 1);
    }

    /// <summary>Takes <paramref name="count"/> characters at <paramref name="start"/> of the current block, extending the last piece when they follow it.</summary>
    private void Record(char[] block, int start, int count)
    {
        _blocks.Position = start + count;
        _length += count;
        var last = _pieces.Count - 1;
        if (last >= 0 && _pieces[last] is { Nested: null } piece && ReferenceEquals(piece.Block, block) && piece.Start + piece.Length == start)
        {
            _pieces[last] = new Piece(block, piece.Start, piece.Length + count);
        }
        else
        {
            _pieces.Add(new Piece(block, start, count));
        }
    }

    /// <summary>The written text in order, spliced writers expanded; adjacent runs of one block joined.</summary>
    private List<Piece> Segments()
    {
        var segments = new List<Piece>(_pieces.Count * 2);
        Collect(this, segments, 0);
        return segments;
    }

    private static void Collect(IndentedSourceWriter writer, List<Piece> segments, int depth)
    {
        if (depth > 64)
        {
            throw new InvalidOperationException("Writers are spliced more than 64 deep.");
        }

        foreach (var piece in writer._pieces)
        {
            if (piece.Nested is { } nested)
            {
                Collect(nested, segments, depth + 1);
                continue;
            }

            var last = segments.Count - 1;
            if (last >= 0 && ReferenceEquals(segments[last].Block, piece.Block) && segments[last].Start + segments[last].Length == piece.Start)
            {
                segments[last] = new Piece(piece.Block!, segments[last].Start, segments[last].Length + piece.Length);
            }
            else
            {
                segments.Add(piece);
            }
        }
    }

    /// <summary>Characters at <see cref="Start"/> of <see cref="Block"/>, or a spliced writer.</summary>
    private readonly struct Piece
    {
        public Piece(char[] block, int start, int length)
        {
            Block = block;
            Start = start;
            Length = length;
            Nested = null;
        }

        public Piece(IndentedSourceWriter nested)
        {
            Block = null;
            Start = 0;
            Length = 0;
            Nested = nested;
        }

        public char[]? Block { get; }

        public int Start { get; }

        public int Length { get; }

        public IndentedSourceWriter? Nested { get; }
    }

    /// <summary>The blocks one file's writers share: each writes at <see cref="Position"/> of <see cref="Current"/>.</summary>
    private sealed class Blocks
    {
        public Blocks(int firstSize) => Current = new char[firstSize];

        public char[] Current { get; private set; }

        public int Position { get; set; }

        public void Next()
        {
            Current = new char[BlockSize];
            Position = 0;
        }
    }

    /// <summary>
    /// A <see cref="SourceText"/> over the writers' blocks (immutable once written). The compiler reads source through
    /// <see cref="CopyTo"/>; the indexer finds the segment by binary search.
    /// </summary>
    private sealed class BlockText : SourceText
    {
        private readonly char[][] _blocks;
        private readonly int[] _blockStarts;
        private readonly int[] _offsets;
        private readonly int _length;

        public BlockText(List<Piece> segments, int length)
        {
            _blocks = new char[segments.Count][];
            _blockStarts = new int[segments.Count];
            _offsets = new int[segments.Count];
            var offset = 0;
            for (var i = 0; i < segments.Count; i++)
            {
                _blocks[i] = segments[i].Block!;
                _blockStarts[i] = segments[i].Start;
                _offsets[i] = offset;
                offset += segments[i].Length;
            }

            if (offset != length)
            {
                throw new InvalidOperationException("The writer's length does not match its text.");
            }

            _length = length;
        }

        // As AddSource(string) gives it: the same checksum and the same bytes when the file is written out.
        public override Encoding Encoding => Encoding.UTF8;

        public override int Length => _length;

        public override char this[int position]
        {
            get
            {
                if ((uint)position >= (uint)_length)
                {
                    throw new ArgumentOutOfRangeException(nameof(position));
                }

                var segment = SegmentAt(position);
                return _blocks[segment][_blockStarts[segment] + position - _offsets[segment]];
            }
        }

        public override void CopyTo(int sourceIndex, char[] destination, int destinationIndex, int count)
        {
            if (destination is null)
            {
                throw new ArgumentNullException(nameof(destination));
            }

            if (sourceIndex < 0 || count < 0 || sourceIndex > _length - count || destinationIndex < 0 || destinationIndex > destination.Length - count)
            {
                throw new ArgumentOutOfRangeException(nameof(count));
            }

            if (count == 0)
            {
                return;
            }

            for (var segment = SegmentAt(sourceIndex); count > 0; segment++)
            {
                var within = sourceIndex - _offsets[segment];
                var available = SegmentLength(segment) - within;
                var n = Math.Min(available, count);
                Array.Copy(_blocks[segment], _blockStarts[segment] + within, destination, destinationIndex, n);
                sourceIndex += n;
                destinationIndex += n;
                count -= n;
            }
        }

        public override string ToString(TextSpan span)
        {
            if (span.End > _length)
            {
                throw new ArgumentOutOfRangeException(nameof(span));
            }

            var chars = new char[span.Length];
            CopyTo(span.Start, chars, 0, span.Length);
            return new string(chars);
        }

        private int SegmentLength(int segment) => (segment + 1 < _offsets.Length ? _offsets[segment + 1] : _length) - _offsets[segment];

        /// <summary>The last segment starting at or before <paramref name="position"/> (segments are never empty).</summary>
        private int SegmentAt(int position)
        {
            var index = Array.BinarySearch(_offsets, position);
            return index >= 0 ? index : ~index - 1;
        }
    }
}
