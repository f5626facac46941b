using System.Text;

namespace AslCompiler.Generator;

/// <summary>Writes C# source line by line with four-space indentation and <c>\n</c> line endings.</summary>
internal sealed class IndentedSourceWriter
{
    private readonly StringBuilder _builder;
    private int _depth;
    private char[]? _copyBuffer;

    public IndentedSourceWriter(int depth = 0, int capacity = 256)
    {
        _depth = depth;
        _builder = new StringBuilder(capacity);
    }

    /// <summary>The current indentation level.</summary>
    public int Depth => _depth;

    /// <summary>Appends text that is already indented (ends with a line break).</summary>
    public IndentedSourceWriter Raw(string text)
    {
        _builder.Append(text);
        return this;
    }

    /// <summary>
    /// Appends what another writer wrote (already indented) without making a string of it first: netstandard2.0 has
    /// no <c>Append(StringBuilder)</c> (it would call <c>ToString</c>), so it is copied through one small buffer.
    /// </summary>
    public IndentedSourceWriter Raw(IndentedSourceWriter other)
    {
        var source = other._builder;
        var buffer = _copyBuffer ??= new char[4096];
        for (var start = 0; start < source.Length; start += buffer.Length)
        {
            var count = System.Math.Min(buffer.Length, source.Length - start);
            source.CopyTo(start, buffer, 0, count);
            _builder.Append(buffer, 0, count);
        }

        return this;
    }

    public IndentedSourceWriter Line(string text = "")
    {
        if (text.Length > 0)
        {
            _builder.Append(' ', _depth * 4).Append(text);
        }

        _builder.Append('\n');
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

    public override string ToString() => _builder.ToString();
}
