using System.Text;

namespace AslCompiler.Generator;

/// <summary>Writes C# source line by line with four-space indentation and <c>\n</c> line endings.</summary>
internal sealed class IndentedSourceWriter
{
    private readonly StringBuilder _builder = new();
    private int _depth;

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
