using System.Text;
using AslCompiler.Language.Json;

namespace AslCompiler.Language.Tests.Json;

public class JsonSyntaxReaderTests
{
    [Fact]
    public void Reads_every_kind_of_value_with_pointers()
    {
        var result = JsonSyntaxReader.Parse("""{"a":[1,-2.5e3,"x",true,false,null],"b/c":{"~d":{}}}""");

        Assert.True(result.Success);
        var root = Assert.IsType<JsonObjectSyntax>(result.Root);
        var array = Assert.IsType<JsonArraySyntax>(root["a"]);
        Assert.Equal(6, array.Count);
        Assert.Equal("/a/1", array[1].Pointer);
        var number = Assert.IsType<JsonNumberSyntax>(array[1]);
        Assert.Equal("-2.5e3", number.Text);
        Assert.Equal(-2500d, number.Value);
        Assert.False(number.IsInteger);
        Assert.Equal("x", Assert.IsType<JsonStringSyntax>(array[2]).Value);
        Assert.True(Assert.IsType<JsonBooleanSyntax>(array[3]).Value);
        Assert.False(Assert.IsType<JsonBooleanSyntax>(array[4]).Value);
        Assert.IsType<JsonNullSyntax>(array[5]);
        var inner = Assert.IsType<JsonObjectSyntax>(Assert.IsType<JsonObjectSyntax>(root["b/c"])["~d"]);
        Assert.Equal("/b~1c/~0d", inner.Pointer);
        Assert.Same(inner, JsonPointer.Resolve(root, "/b~1c/~0d"));
        Assert.Equal(string.Empty, root.Pointer);
    }

    [Fact]
    public void Spans_give_zero_based_lines_and_columns()
    {
        const string text = "{\n  \"States\": {\n    \"Fail\": {\"ErrorPath\": \"$.x\"}\n  }\n}";
        var root = (JsonObjectSyntax)JsonSyntaxReader.Parse(text).Root!;
        var fail = (JsonObjectSyntax)((JsonObjectSyntax)root["States"]!)["Fail"]!;
        Assert.True(fail.TryGetProperty("ErrorPath", out var property));

        Assert.Equal("/States/Fail/ErrorPath", property.Pointer);
        Assert.Equal((2, 13), (property.NameSpan.StartLine, property.NameSpan.StartColumn));
        Assert.Equal((2, 26), (property.Value.Span.StartLine, property.Value.Span.StartColumn));
        Assert.Equal((2, 31), (property.Value.Span.EndLine, property.Value.Span.EndColumn));
        Assert.Equal("\"$.x\"", text.Substring(property.Value.Span.Start, property.Value.Span.Length));
        Assert.Equal((4, 1), (root.Span.EndLine, root.Span.EndColumn));
        Assert.Equal("3:27-3:32", property.Value.Span.ToString());
    }

    [Theory]
    [InlineData("\r\n")]
    [InlineData("\n")]
    [InlineData("\r")]
    public void Every_line_break_style_counts_one_line(string newline)
    {
        var text = "[" + newline + "1," + newline + newline + " 2]";
        var array = (JsonArraySyntax)JsonSyntaxReader.Parse(text).Root!;

        Assert.Equal((3, 1), (array[1].Span.StartLine, array[1].Span.StartColumn));
        Assert.Equal(new AslCompiler.Language.Text.SourceText(text).GetLinePosition(array[1].Span.Start), (3, 1));
    }

    [Theory]
    [InlineData("", JsonErrorKind.EmptyDocument, 1, 1)]
    [InlineData("   \n  ", JsonErrorKind.EmptyDocument, 2, 3)]
    [InlineData("{\"a\": 1,}", JsonErrorKind.TrailingComma, 1, 8)]
    [InlineData("[1,\n 2,\n]", JsonErrorKind.TrailingComma, 2, 3)]
    [InlineData("{\"a\": 1 // note\n}", JsonErrorKind.Comment, 1, 9)]
    [InlineData("/* c */ {}", JsonErrorKind.Comment, 1, 1)]
    [InlineData("{\"a\": \"\\x\"}", JsonErrorKind.InvalidEscape, 1, 8)]
    [InlineData("\"\\u12G4\"", JsonErrorKind.InvalidEscape, 1, 2)]
    [InlineData("\"\\uD800\"", JsonErrorKind.LoneSurrogate, 1, 2)]
    [InlineData("\"\\uDC00\"", JsonErrorKind.LoneSurrogate, 1, 2)]
    [InlineData("\"\\uD800\\u0041\"", JsonErrorKind.LoneSurrogate, 1, 2)]
    [InlineData("\"a\tb\"", JsonErrorKind.ControlCharacterInString, 1, 3)]
    [InlineData("\"abc", JsonErrorKind.UnterminatedString, 1, 1)]
    [InlineData("[01]", JsonErrorKind.InvalidNumber, 1, 2)]
    [InlineData("[-]", JsonErrorKind.InvalidNumber, 1, 2)]
    [InlineData("[1.]", JsonErrorKind.InvalidNumber, 1, 2)]
    [InlineData("[1e]", JsonErrorKind.InvalidNumber, 1, 2)]
    [InlineData("[.5]", JsonErrorKind.UnexpectedCharacter, 1, 2)]
    [InlineData("[+1]", JsonErrorKind.UnexpectedCharacter, 1, 2)]
    [InlineData("[NaN]", JsonErrorKind.UnexpectedCharacter, 1, 2)]
    [InlineData("[tru]", JsonErrorKind.InvalidLiteral, 1, 2)]
    [InlineData("[nulls]", JsonErrorKind.UnexpectedCharacter, 1, 6)]
    [InlineData("{'a': 1}", JsonErrorKind.UnexpectedCharacter, 1, 2)]
    [InlineData("{a: 1}", JsonErrorKind.UnexpectedCharacter, 1, 2)]
    [InlineData("{\"a\" 1}", JsonErrorKind.UnexpectedCharacter, 1, 6)]
    [InlineData("{\"a\": 1 \"b\": 2}", JsonErrorKind.UnexpectedCharacter, 1, 9)]
    [InlineData("[1 2]", JsonErrorKind.UnexpectedCharacter, 1, 4)]
    [InlineData("{\"a\": [1, 2}", JsonErrorKind.UnexpectedCharacter, 1, 12)]
    [InlineData("{\"a\": ", JsonErrorKind.UnexpectedEndOfInput, 1, 7)]
    [InlineData("[1,", JsonErrorKind.UnexpectedEndOfInput, 1, 4)]
    [InlineData("{} {}", JsonErrorKind.TrailingContent, 1, 4)]
    [InlineData("\uFEFF{} x", JsonErrorKind.TrailingContent, 1, 4)]
    public void Invalid_json_gives_a_positioned_error(string text, JsonErrorKind kind, int line, int column)
    {
        var result = JsonSyntaxReader.Parse(text);

        Assert.Null(result.Root);
        Assert.False(result.Success);
        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(kind, error.Kind);
        Assert.True(error.IsFatal);
        Assert.Equal((line, column), (error.Span.StartLine + 1, error.Span.StartColumn + 1));
        Assert.StartsWith($"({line},{column}): ", error.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Errors_name_the_pointer_of_the_value_being_read()
    {
        var result = JsonSyntaxReader.Parse("{\"States\": {\"A\": {\"Next\": tru}}}");

        Assert.Equal("/States/A/Next", result.FatalError!.Pointer);
    }

    [Fact]
    public void Raw_lone_surrogate_in_text_is_an_error()
    {
        var result = JsonSyntaxReader.Parse("[\"a\uD800b\"]");

        Assert.Equal(JsonErrorKind.LoneSurrogate, result.FatalError!.Kind);
        Assert.Equal(3, result.FatalError.Span.StartColumn);
    }

    [Fact]
    public void Escaped_surrogate_pair_and_escapes_decode()
    {
        var result = JsonSyntaxReader.Parse("\"\\uD83D\\uDE00 \\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\"");

        Assert.Equal("\U0001F600 \"\\/\b\f\n\r\té", Assert.IsType<JsonStringSyntax>(result.Root).Value);
    }

    [Fact]
    public void Duplicate_keys_are_reported_but_the_document_is_kept()
    {
        var result = JsonSyntaxReader.Parse("{\"a\": 1,\n \"b\": 2,\n \"a\": 3}");

        Assert.NotNull(result.Root);
        Assert.False(result.Success);
        var duplicate = Assert.Single(result.Diagnostics);
        Assert.Equal(JsonErrorKind.DuplicateKey, duplicate.Kind);
        Assert.False(duplicate.IsFatal);
        Assert.Null(result.FatalError);
        Assert.Equal((2, 1), (duplicate.Span.StartLine, duplicate.Span.StartColumn));
        Assert.Contains("line 1, column 2", duplicate.Message, StringComparison.Ordinal);
        Assert.Equal("/a", duplicate.Pointer);
        var root = (JsonObjectSyntax)result.Root;
        Assert.Equal(3, root.Count);
        Assert.Equal("3", ((JsonNumberSyntax)root["a"]!).Text);
    }

    [Fact]
    public void Duplicate_keys_are_found_in_large_objects()
    {
        var members = Enumerable.Range(0, 40).Select(i => $"\"k{i}\": {i}").ToList();
        members.Add("\"k7\": 0");
        members.Add("\"k39\": 0");
        var result = JsonSyntaxReader.Parse("{" + string.Join(",", members) + "}");

        Assert.Equal(2, result.Diagnostics.Count(d => d.Kind == JsonErrorKind.DuplicateKey));
        var root = (JsonObjectSyntax)result.Root!;
        Assert.Equal("0", ((JsonNumberSyntax)root["k7"]!).Text);
        Assert.Equal("38", ((JsonNumberSyntax)root["k38"]!).Text);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_read_and_deeper_is_an_error()
    {
        var limit = JsonReaderOptions.DefaultMaxDepth;
        var ok = JsonSyntaxReader.Parse(new string('[', limit) + new string(']', limit));
        var tooDeep = JsonSyntaxReader.Parse(new string('[', limit + 1) + new string(']', limit + 1));

        Assert.True(ok.Success);
        Assert.Equal(JsonErrorKind.TooDeep, tooDeep.FatalError!.Kind);
        Assert.Equal(limit, tooDeep.FatalError.Span.StartColumn);
    }

    [Fact]
    public void Very_deep_input_does_not_overflow_the_stack_even_when_allowed()
    {
        const int depth = 200_000;
        var text = new StringBuilder().Append('[', depth).Append(']', depth).ToString();
        var options = new JsonReaderOptions { MaxDepth = int.MaxValue };

        var result = JsonSyntaxReader.Parse(text, options);

        Assert.True(result.Success);
        Assert.Equal(new string('[', 3) + new string(']', 3), JsonSyntaxReader.Parse("[[[]]]").Root!.ToJsonString());
    }

    [Fact]
    public void Very_deep_trees_read_with_a_raised_limit_are_written_and_compared_without_recursion()
    {
        const int depth = 200_000;
        var text = new StringBuilder().Append('[', depth).Append('1').Append(']', depth).ToString();
        var other = new StringBuilder().Append('[', depth).Append('2').Append(']', depth).ToString();
        var options = new JsonReaderOptions { MaxDepth = int.MaxValue };
        var root = JsonSyntaxReader.Parse(text, options).Root!;

        Assert.Equal(text, root.ToJsonString());
        Assert.True(root.DeepEquals(JsonSyntaxReader.Parse(text, options).Root));
        Assert.False(root.DeepEquals(JsonSyntaxReader.Parse(other, options).Root));
    }

    [Fact]
    public void Indented_text_nests_members_and_items_two_spaces_a_level()
    {
        var root = JsonSyntaxReader.Parse("""{"a":[1,{"b":{}},[]],"c":"x"}""").Root!;

        Assert.Equal("{\n  \"a\": [\n    1,\n    {\n      \"b\": {}\n    },\n    []\n  ],\n  \"c\": \"x\"\n}", root.ToIndentedJsonString());
        Assert.Equal("""{"a":[1,{"b":{}},[]],"c":"x"}""", root.ToJsonString());
    }

    [Fact]
    public void Max_depth_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonReaderOptions { MaxDepth = 0 });
    }

    [Fact]
    public void Byte_order_mark_is_skipped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("{\"a\":\"é\"}")).ToArray();

        var result = JsonSyntaxReader.Parse(bytes);

        Assert.True(result.Success);
        Assert.Equal("é", ((JsonStringSyntax)((JsonObjectSyntax)result.Root!)["a"]!).Value);
    }

    [Theory]
    [InlineData(new byte[] { 0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D }, 2)] // bad continuation
    [InlineData(new byte[] { 0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D }, 2)] // overlong '/'
    [InlineData(new byte[] { 0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D }, 2)] // encoded surrogate
    [InlineData(new byte[] { 0x5B, 0x22, 0xF4, 0x90, 0x80, 0x80, 0x22, 0x5D }, 2)] // above U+10FFFF
    [InlineData(new byte[] { 0x5B, 0x22, 0xE2, 0x82 }, 2)] // truncated
    [InlineData(new byte[] { 0x0A, 0x20, 0xFF }, 2)]
    public void Malformed_utf8_is_a_positioned_error(byte[] bytes, int byteOffset)
    {
        var result = JsonSyntaxReader.Parse(bytes);

        var error = Assert.Single(result.Diagnostics);
        Assert.Equal(JsonErrorKind.InvalidUtf8, error.Kind);
        Assert.Contains($"byte offset {byteOffset}", error.Message, StringComparison.Ordinal);
        var text = Encoding.UTF8.GetString(bytes, 0, byteOffset);
        Assert.Equal(new AslCompiler.Language.Text.SourceText(text).GetLinePosition(text.Length), (error.Span.StartLine, error.Span.StartColumn));
    }

    [Theory]
    [InlineData("{\"a\": [-\n1]}", JsonErrorKind.InvalidNumber)]
    [InlineData("{\"a\": \"\\u\n\"}", JsonErrorKind.InvalidEscape)]
    public void An_error_span_that_takes_in_a_line_break_ends_on_the_next_line(string text, JsonErrorKind kind)
    {
        var error = Assert.Single(JsonSyntaxReader.Parse(text).Diagnostics);

        Assert.Equal(kind, error.Kind);
        var expected = new AslCompiler.Language.Text.SourceText(text).GetSpan(error.Span.Start, error.Span.End);
        Assert.Equal((expected.StartLine, expected.StartColumn), (error.Span.StartLine, error.Span.StartColumn));
        Assert.Equal((expected.EndLine, expected.EndColumn), (error.Span.EndLine, error.Span.EndColumn));
    }

    [Theory]
    [InlineData("{\"Next\": \"Done },\n  \"End\": true}")]
    [InlineData("{\"Next\": \"Done },\r\n  \"End\": true}")]
    [InlineData("{\"Next\": \"Done },\r  \"End\": true}")]
    public void A_line_break_inside_a_string_is_an_unterminated_string_from_its_opening_quote_to_the_line_end(string text)
    {
        // An IDE trial typed a Next value without its closing quote: the error named U+000A and underlined the line break.
        var error = Assert.Single(JsonSyntaxReader.Parse(text).Diagnostics);

        Assert.Equal(JsonErrorKind.ControlCharacterInString, error.Kind);
        Assert.Equal("Unterminated string: a string must end on the line it starts (write a line break inside it as \\n).", error.Message);
        Assert.Equal("\"Done },", text.Substring(error.Span.Start, error.Span.Length));
        Assert.Equal((0, 9, 0, 17), (error.Span.StartLine, error.Span.StartColumn, error.Span.EndLine, error.Span.EndColumn));
    }

    [Fact]
    public void Another_control_character_inside_a_string_is_named_where_it_is()
    {
        var error = Assert.Single(JsonSyntaxReader.Parse("{\"a\": \"x\ty\"}").Diagnostics);

        Assert.Equal("Control character U+0009 must be escaped inside a string.", error.Message);
        Assert.Equal((8, 9), (error.Span.Start, error.Span.End));
    }

    [Fact]
    public void Reads_from_a_stream()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{\"a\": [true]}"));

        Assert.True(JsonSyntaxReader.Parse(stream).Success);
    }

    [Fact]
    public void Source_offsets_inside_escaped_strings_map_to_the_raw_text()
    {
        const string text = "{\"p\": \"a\\n\\u0041$.x\"}";
        var value = (JsonStringSyntax)((JsonObjectSyntax)JsonSyntaxReader.Parse(text).Root!)["p"]!;

        Assert.Equal("a\nA$.x", value.Value);
        Assert.True(value.HasEscapes);
        Assert.Equal('$', text[value.GetSourceOffset(3)]);
        Assert.Equal('u', text[value.GetSourceOffset(2) + 1]);
        Assert.Equal('"', text[value.GetSourceOffset(value.Value.Length)]);
    }

    [Fact]
    public void Numbers_keep_their_spelling_and_convert_on_request()
    {
        var array = (JsonArraySyntax)JsonSyntaxReader.Parse("[9223372036854775807, 9223372036854775808, 1.0, 1e400, -0]").Root!;
        var numbers = array.Items.Cast<JsonNumberSyntax>().ToArray();

        Assert.True(numbers[0].TryGetInt64(out var max) && max == long.MaxValue);
        Assert.False(numbers[1].TryGetInt64(out _));
        Assert.True(numbers[1].IsInteger);
        Assert.False(numbers[2].IsInteger);
        Assert.True(numbers[2].TryGetDecimal(out var one) && one == 1m);
        Assert.True(double.IsPositiveInfinity(numbers[3].Value));
        Assert.Equal("[9223372036854775807,9223372036854775808,1.0,1e400,-0]", array.ToJsonString());
    }

    [Fact]
    public void Writer_escapes_what_json_requires()
    {
        var result = JsonSyntaxReader.Parse("[\"q\\\"b\\\\c\\u0001\\u001f\\t\"]");

        Assert.Equal("[\"q\\\"b\\\\c\\u0001\\u001f\\t\"]", result.Root!.ToJsonString());
        Assert.Equal("[\n  \"q\\\"b\\\\c\\u0001\\u001f\\t\"\n]", result.Root.ToIndentedJsonString());
    }

    [Theory]
    [InlineData("1.50", "15e-1", true)]
    [InlineData("100", "1E+2", true)]
    [InlineData("0", "-0.0e5", true)]
    [InlineData("1e400", "10e399", true)]
    [InlineData("1e400", "2e400", false)]
    [InlineData("1e-400", "2e-400", false)]
    [InlineData("-1e400", "1e400", false)]
    [InlineData("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000001", false)]
    [InlineData("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", "1e400", true)]
    public void Deep_equality_compares_numbers_exactly_beyond_the_double_range(string left, string right, bool equal)
    {
        var a = JsonSyntaxReader.Parse("[" + left + "]").Root!;
        var b = JsonSyntaxReader.Parse("[" + right + "]").Root!;

        Assert.Equal(equal, a.DeepEquals(b));
        Assert.Equal(equal, b.DeepEquals(a));
    }

    [Fact]
    public void Deep_equality_ignores_positions_and_number_spelling()
    {
        var a = JsonSyntaxReader.Parse("{\"a\": [1.50, true]}").Root!;
        var b = JsonSyntaxReader.Parse("{\n\"a\":[1.5,true]\n}").Root!;
        var c = JsonSyntaxReader.Parse("{\"a\": [1.5, false]}").Root!;

        Assert.True(a.DeepEquals(b));
        Assert.False(a.DeepEquals(c));
    }
}
