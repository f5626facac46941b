using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace AslCompiler.Generator.Tests.Generator;

/// <summary>The writer's shared blocks, spliced writers and the <see cref="SourceText"/> it hands to the compiler.</summary>
public class IndentedSourceWriterTests
{
    [Fact]
    public void Lines_are_indented_by_depth_and_empty_lines_are_bare()
    {
        var w = new IndentedSourceWriter();
        w.Open("class A");
        w.Line("int x;");
        w.Line();
        w.Close();

        Assert.Equal("class A\n{\n    int x;\n\n}\n", w.ToString());
    }

    [Fact]
    public void Spliced_writers_appear_where_they_are_spliced_without_being_copied_first()
    {
        var root = new IndentedSourceWriter(0, 16);
        var first = new IndentedSourceWriter(root, 1);
        var second = new IndentedSourceWriter(root, 1);
        root.Line("// head");

        // Interleaved writes into the shared blocks: each writer keeps its own text in order.
        first.Line("a1");
        second.Line("b1");
        first.Line("a2");
        second.Line("b2");
        root.Raw(second).Line("// middle").Raw(first).Line("// tail");

        const string Expected = "// head\n    b1\n    b2\n// middle\n    a1\n    a2\n// tail\n";
        Assert.Equal(Expected, root.ToString());
        Assert.Equal(Expected.Length, root.Length);
        Assert.Equal(Expected, root.ToSourceText().ToString());
    }

    [Fact]
    public void The_source_text_reads_like_a_string_across_block_boundaries()
    {
        var root = new IndentedSourceWriter(0, 100);
        var expected = new StringBuilder();
        var methods = new List<IndentedSourceWriter>();
        for (var i = 0; i < 400; i++)
        {
            var method = new IndentedSourceWriter(root, 2);
            methods.Add(method);
            method.Line("private static int M" + i + "() => " + new string('x', i % 97) + ";");
            root.Line("// " + i);
        }

        foreach (var method in methods)
        {
            root.Raw(method);
        }

        for (var i = 0; i < 400; i++)
        {
            expected.Append("// ").Append(i).Append('\n');
        }

        for (var i = 0; i < 400; i++)
        {
            expected.Append("        private static int M").Append(i).Append("() => ").Append(new string('x', i % 97)).Append(";\n");
        }

        var text = root.ToSourceText();
        var plain = SourceText.From(expected.ToString(), Encoding.UTF8);
        Assert.True(text.Length > 3 * 8192);
        Assert.True(text.ContentEquals(plain));
        Assert.Equal(plain.ToString(), text.ToString());
        Assert.Equal(plain.Lines.Count, text.Lines.Count);
        Assert.Equal(Convert.ToHexString(plain.GetChecksum().AsSpan()), Convert.ToHexString(text.GetChecksum().AsSpan()));
        Assert.Same(Encoding.UTF8, text.Encoding);

        var random = new Random(3);
        for (var i = 0; i < 2000; i++)
        {
            var start = random.Next(text.Length);
            var length = random.Next(Math.Min(20000, text.Length - start) + 1);
            Assert.Equal(plain[start], text[start]);
            Assert.Equal(plain.ToString(new TextSpan(start, length)), text.ToString(new TextSpan(start, length)));
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => text[text.Length]);
        Assert.Throws<ArgumentOutOfRangeException>(() => text.CopyTo(text.Length - 1, new char[4], 0, 2));
    }

    [Fact]
    public void String_literals_escape_like_StringLiteral()
    {
        foreach (var value in new[] { string.Empty, "plain", "quote \" and \\ backslash", "lines\r\n\ttab", "caf\u00e9 \u2028 \u0001", new string('a', 9000) + "\"" })
        {
            var w = new IndentedSourceWriter();
            w.LiteralLine("x = ", value, ";");
            Assert.Equal("x = " + AslGenerator.StringLiteral(value) + ";\n", w.ToString());
        }
    }

    [Fact]
    public void A_writer_cannot_splice_itself()
    {
        var w = new IndentedSourceWriter();
        Assert.Throws<ArgumentException>(() => w.Raw(w));
    }
}
