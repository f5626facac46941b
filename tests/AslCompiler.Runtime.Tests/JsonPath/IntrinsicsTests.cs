using AslCompiler.Runtime.Json;
using AslCompiler.Runtime.JsonPath;
using CsCheck;

namespace AslCompiler.Runtime.Tests.JsonPath;

public class IntrinsicsTests
{
    private static readonly JsonValue Input = JsonValue.Parse("""
        {"inputArray":[1,2,3,4,5,6,7,8,9],"index":5,"s":"Data to encode","b64":"RGF0YSB0byBlbmNvZGU=",
         "json1":{"a":{"a1":1,"a2":2},"b":2},"json2":{"a":{"a3":1,"a4":2},"c":3},"dup":[1,2,3,3,3,3,3,3,4],"str":"{\"x\":1}"}
        """);

    [Theory]
    // Documented examples (AWS "Intrinsic functions" page).
    [InlineData("States.Format('Hello, my name is {}.', 'John')", "\"Hello, my name is John.\"")]
    [InlineData(@"States.Format('a \{literal\} and {}', 1.5)", "\"a {literal} and 1.5\"")]
    [InlineData("States.StringToJson($.str)", "{\"x\":1}")]
    [InlineData("States.JsonToString($.json1)", "\"{\\\"a\\\":{\\\"a1\\\":1,\\\"a2\\\":2},\\\"b\\\":2}\"")]
    [InlineData("States.Array('Foo', 2020, $.index, null)", "[\"Foo\",2020,5,null]")]
    [InlineData("States.ArrayPartition($.inputArray, 4)", "[[1,2,3,4],[5,6,7,8],[9]]")]
    [InlineData("States.ArrayContains($.inputArray, 5)", "true")]
    [InlineData("States.ArrayRange(1, 9, 2)", "[1,3,5,7,9]")]
    [InlineData("States.ArrayRange(9, 1, -3)", "[9,6,3]")]
    // "If you specify a non-integer value ... Step Functions will round it off to the nearest integer" (ArrayPartition's
    // second argument, any of ArrayRange's); a user trial found them refused. Rounded as MathAdd rounds (half up).
    [InlineData("States.ArrayPartition($.inputArray, 2.5)", "[[1,2,3],[4,5,6],[7,8,9]]")]
    [InlineData("States.ArrayPartition($.inputArray, 4.4)", "[[1,2,3,4],[5,6,7,8],[9]]")]
    [InlineData("States.ArrayRange(1.5, 9.4, 2.5)", "[2,5,8]")]
    [InlineData("States.ArrayGetItem($.inputArray, $.index)", "6")]
    [InlineData("States.ArrayLength($.inputArray)", "9")]
    [InlineData("States.ArrayUnique($.dup)", "[1,2,3,4]")]
    [InlineData("States.Base64Encode($.s)", "\"RGF0YSB0byBlbmNvZGU=\"")]
    [InlineData("States.Base64Decode($.b64)", "\"Data to encode\"")]
    [InlineData("States.Hash('input data', 'SHA-1')", "\"aaff4a450a104cd177d28d18d74485e8cae074b7\"")]
    [InlineData("States.JsonMerge($.json1, $.json2, false)", "{\"a\":{\"a3\":1,\"a4\":2},\"b\":2,\"c\":3}")]
    [InlineData("States.MathAdd(111, -1)", "110")]
    [InlineData("States.StringSplit('1,2,3,4,5', ',')", "[\"1\",\"2\",\"3\",\"4\",\"5\"]")]
    [InlineData("States.StringSplit('This.is+a,test=string', '.+,=')", "[\"This\",\"is\",\"a\",\"test\",\"string\"]")]
    [InlineData("States.ArrayGetItem(States.StringSplit('a-b-c', '-'), States.MathAdd(States.ArrayLength(States.StringSplit('a-b-c', '-')), -1))", "\"c\"")]
    // "If your Path contains non-alphanumeric characters, besides _, you must use square bracket notation. For example,
    // $.abc.['def ghi']" (a user trial found it refused: '.[' was read only as Jayway's).
    [InlineData("States.Format('{}', $.json1.['a'].['a1'])", "\"1\"")]
    public void Documented_examples_give_documented_results(string expression, string expected)
    {
        var result = Intrinsics.Evaluate(expression, Input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(JsonValue.Parse(expected), result.Value);
    }

    [Theory]
    // "Based on MIME Base64 decoding scheme" (AWS's intrinsic functions page): as Java's MIME decoder, padding is not
    // required, and characters outside the alphabet (line breaks among them) are skipped. A user trial found these refused.
    [InlineData("RGF0YSB0byBlbmNvZGU", "Data to encode")]
    [InlineData("RGF0\\r\\nYSB0byBlbmNvZGU=", "Data to encode")]
    [InlineData("QQ", "A")]
    [InlineData("QQ==", "A")]
    [InlineData("QUI", "AB")]
    [InlineData("QQ== ", "A")]
    [InlineData("***", "")]
    public void Base64Decode_reads_MIME_Base64(string encoded, string decoded)
    {
        var result = Intrinsics.Evaluate("States.Base64Decode($.e)", JsonValue.Parse("{\"e\":\"" + encoded + "\"}"));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(decoded, result.Value.GetString());
    }

    [Fact]
    public void Integers_beyond_the_double_range_stay_distinct()
    {
        var big = "1" + new string('0', 400);
        var next = "1" + new string('0', 399) + "1";

        var contains = Intrinsics.Evaluate("States.ArrayContains(States.Array(" + big + "), " + next + ")", Input);
        var unique = Intrinsics.Evaluate("States.ArrayUnique(States.Array(" + big + ", " + next + ", " + big + "))", Input);

        Assert.Equal(JsonValue.False, contains.Value);
        Assert.Equal("[" + big + "," + next + "]", unique.Value.ToJsonString());
    }

    [Theory]
    [InlineData("States.Format('{} {}', 1)")]
    [InlineData("States.Format('{}', 1, 2)")]
    [InlineData("States.StringToJson(1)")]
    [InlineData("States.StringToJson('{bad')")]
    [InlineData("States.JsonToString()")]
    [InlineData("States.ArrayPartition($.inputArray, 0)")]
    [InlineData("States.ArrayPartition('x', 1)")]
    [InlineData("States.ArrayContains(1, 1)")]
    [InlineData("States.ArrayRange(1, 2000, 1)")]
    [InlineData("States.ArrayRange(1, 5, 0)")]
    [InlineData("States.ArrayRange('1', 5, 1)")]
    [InlineData("States.ArrayGetItem($.inputArray, 9)")]
    [InlineData("States.ArrayGetItem($.inputArray, -1)")]
    [InlineData("States.ArrayLength('x')")]
    [InlineData("States.ArrayUnique(1)")]
    [InlineData("States.Base64Encode(1)")]
    [InlineData("States.Base64Decode('Q')")]
    [InlineData("States.Base64Decode('QQ=')")]
    [InlineData("States.Base64Decode('QUJD=')")]
    [InlineData("States.Base64Decode('QQ==QQ')")]
    [InlineData("States.Hash('x', 'SHA-3')")]
    [InlineData("States.Hash(null, 'MD5')")]
    [InlineData("States.JsonMerge($.json1, $.json2, true)")]
    [InlineData("States.JsonMerge($.json1, 1, false)")]
    [InlineData("States.MathRandom(5, 1)")]
    [InlineData("States.MathRandom(1)")]
    [InlineData("States.MathAdd('1', 2)")]
    [InlineData("States.StringSplit(1, ',')")]
    [InlineData("States.UUID(1)")]
    public void Bad_arguments_fail_with_IntrinsicFailure(string expression)
    {
        var result = Intrinsics.Evaluate(expression, Input);
        Assert.Equal(StatesErrorNames.IntrinsicFailure, result.Error);

        // No recording or AWS document gives AWS's wording for these causes (docs/runtime.md): ours names the call.
        Assert.StartsWith("The evaluation of the intrinsic function '" + expression + "' failed: ", result.Cause, StringComparison.Ordinal);
        Assert.EndsWith(".", result.Cause, StringComparison.Ordinal);
    }

    [Theory]
    // Recorded on AWS (localstack test_json_merge): the merge comes out in java.util.HashMap order.
    [InlineData("""{"a":{"a1":1,"a2":2},"b":2,"d":3}""", """{"a":{"a3":1,"a4":2},"c":3,"d":4}""", """["a","b","c","d"]""")]
    [InlineData("""{"z":1}""", """{"a":2}""", """["a","z"]""")]
    [InlineData("""{"q":1,"b":1}""", """{"a":2}""", """["q","a","b"]""")]
    public void JsonMerge_orders_members_as_a_Java_HashMap(string first, string second, string expectedKeys)
    {
        var input = JsonValue.Parse("""{"x":""" + first + ""","y":""" + second + "}");
        var result = Intrinsics.Evaluate("States.JsonMerge($.x, $.y, false)", input);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expectedKeys, JsonValue.FromArray(JsonArrayValue.Create(result.Value.GetObject().Select(m => JsonValue.FromString(m.Key)))).ToJsonString());
    }

    [Fact]
    public void Missing_path_argument_fails_with_Runtime()
    {
        Assert.Equal(StatesErrorNames.Runtime, Intrinsics.Evaluate("States.ArrayLength($.missing)", Input).Error);
    }

    [Fact]
    public void Base64_and_hash_limit_input_length()
    {
        var big = JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("s", new string('a', 10_001)));
        Assert.False(Intrinsics.Evaluate("States.Base64Encode($.s)", big).IsSuccess);
        Assert.False(Intrinsics.Evaluate("States.Hash($.s, 'MD5')", big).IsSuccess);
    }

    [Fact]
    public void Uuid_is_version_4_and_MathRandom_is_in_range_and_seedable()
    {
        var uuid = Intrinsics.Evaluate("States.UUID()", Input).Value.GetString();
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", uuid);
        for (var i = 0; i < 100; i++)
        {
            Assert.InRange(Intrinsics.Evaluate("States.MathRandom(1, 3)", Input).Value.GetDouble(), 1, 2);
        }

        Assert.Equal(Intrinsics.Evaluate("States.MathRandom(1, 1000, 7)", Input).Value, Intrinsics.Evaluate("States.MathRandom(1, 1000, 7)", Input).Value);
    }

    [Theory]
    [InlineData("States.Array(01)")]
    [InlineData("States.Array(00)")]
    [InlineData("States.Array(-01)")]
    [InlineData("States.Array(007)")]
    [InlineData("States.Array(01.5)")]
    public void Number_literals_with_a_leading_zero_fail_to_parse_instead_of_throwing(string expression)
    {
        var result = Intrinsics.Evaluate(expression, Input);

        Assert.Equal(StatesErrorNames.IntrinsicFailure, result.Error);
        Assert.StartsWith("Invalid intrinsic function '" + expression + "': '", result.Cause, StringComparison.Ordinal);
        Assert.EndsWith("is not a number: a number has no leading zeros.", result.Cause, StringComparison.Ordinal);
        Assert.False(PayloadTemplate.TryCreate(JsonValue.Parse("{\"a.$\":\"" + expression + "\"}"), out _, out var error));
        Assert.Contains("leading zeros", error, StringComparison.Ordinal);
    }

    [Theory]
    // Recorded on AWS (localstack test_math_add): half rounds up, towards positive infinity.
    [InlineData("0.5", "0", 1)]
    [InlineData("-0.5", "0", 0)]
    [InlineData("-1.5", "0", -1)]
    [InlineData("2.5", "0", 3)]
    [InlineData("-1.51", "0", -2)]
    [InlineData("1.5", "1.51", 4)]
    // Java's Math.round, not floor(x + 0.5) in doubles: the sum 0.49999999999999994 + 0.5 rounds to 1.0.
    [InlineData("0.49999999999999994", "0", 0)]
    [InlineData("-0.49999999999999994", "0", 0)]
    [InlineData("-0.5000000000000001", "0", -1)]
    // The ends of Java's int range, for operands and sum.
    [InlineData("2147483647", "0", 2147483647)]
    [InlineData("-2147483648", "0", -2147483648)]
    [InlineData("2147483647", "-2147483648", -1)]
    [InlineData("2147483646.5", "0", 2147483647)]
    [InlineData("-2147483647.5", "-0.5", -2147483647)]
    public void MathAdd_rounds_as_Javas_Math_round(string first, string second, long expected)
    {
        var input = JsonValue.Parse("{\"a\":" + first + ",\"b\":" + second + "}");

        var literal = Intrinsics.Evaluate("States.MathAdd(" + first + ", " + second + ")", Input);
        var paths = Intrinsics.Evaluate("States.MathAdd($.a, $.b)", input);

        Assert.True(literal.IsSuccess, literal.ToString());
        Assert.Equal(JsonValue.FromNumber(expected), literal.Value);
        Assert.Equal(literal.Value, paths.Value);
    }

    [Theory]
    [InlineData("1e308", "1e308", "argument 1 must be a number between -2147483648 and 2147483647, not 1.0E308.")]
    [InlineData("9223372036854775807", "1", "argument 1 must be a number between -2147483648 and 2147483647, not 9223372036854775807.")]
    [InlineData("1", "1e400", "argument 2 must be a number between -2147483648 and 2147483647, not 1e400.")]
    [InlineData("4503599627370497", "0", "argument 1 must be a number between -2147483648 and 2147483647, not 4503599627370497.")]
    [InlineData("2147483648", "-1", "argument 1 must be a number between -2147483648 and 2147483647, not 2147483648.")]
    [InlineData("0", "-2147483648.5", "argument 2 must be a number between -2147483648 and 2147483647, not -2.1474836485E9.")]
    [InlineData("123456789012345678901234567890123456789012345678901234567890", "0", "argument 1 must be a number between -2147483648 and 2147483647, not 1234567890123456789012345678901234567890....")]
    [InlineData("'1'", "2", "argument 1 must be a number, not string.")]
    [InlineData("2147483647", "1", "the sum 2147483648 is not between -2147483648 and 2147483647.")]
    [InlineData("-2147483648", "-0.6", "the sum -2147483649 is not between -2147483648 and 2147483647.")]
    [InlineData("2147483647", "2147483647", "the sum 4294967294 is not between -2147483648 and 2147483647.")]
    public void MathAdd_outside_Javas_int_range_is_an_IntrinsicFailure(string first, string second, string reason)
    {
        var expression = "States.MathAdd(" + first + ", " + second + ")";

        var result = Intrinsics.Evaluate(expression, Input);

        Assert.Equal(StatesErrorNames.IntrinsicFailure, result.Error);
        Assert.Equal("The evaluation of the intrinsic function '" + expression + "' failed: " + reason, result.Cause);
    }

    [Fact]
    public void JavaRound_is_the_floor_of_x_plus_one_half_computed_exactly()
    {
        // A few units in the last place around n + 0.5 and around ±(2^k - 0.5), where adding 0.5 in doubles rounds
        // (0.49999999999999994 + 0.5 is 1.0); and anywhere in a range wider than int's.
        var nearHalf = Gen.Select(Gen.Int[-3, 3], Gen.Int[-3, 3], (n, ulps) => Neighbour(n + 0.5, ulps));
        var belowPowerOfTwo = Gen.Select(Gen.Int[0, 32], Gen.Int[-3, 3], Gen.Bool, (k, ulps, negative) => Neighbour((negative ? -1 : 1) * (Math.Pow(2, k) - 0.5), ulps));
        var anywhere = Gen.Double[-3e9, 3e9];
        Gen.OneOf(nearHalf, belowPowerOfTwo, anywhere).Sample(x =>
            Assert.Equal(ExactRound(x), new System.Numerics.BigInteger(Intrinsics.JavaRound(x))), iter: 5000);

        static double Neighbour(double x, int ulps)
        {
            for (; ulps > 0; ulps--)
            {
                x = Math.BitIncrement(x);
            }

            for (; ulps < 0; ulps++)
            {
                x = Math.BitDecrement(x);
            }

            return x;
        }

        // floor(m / 2^k + 1/2) = floor((2m + 2^k) / 2^(k+1)), with x = m / 2^k exactly.
        static System.Numerics.BigInteger ExactRound(double x)
        {
            var bits = BitConverter.DoubleToInt64Bits(x);
            var exponent = (int)((bits >> 52) & 0x7FF);
            var mantissa = bits & 0xFFFFFFFFFFFFFL;
            if (exponent == 0)
            {
                exponent = 1;
            }
            else
            {
                mantissa |= 1L << 52;
            }

            var m = new System.Numerics.BigInteger(bits < 0 ? -mantissa : mantissa);
            var shift = 1075 - exponent;
            if (shift <= 0)
            {
                return m << -shift;
            }

            var numerator = (2 * m) + (System.Numerics.BigInteger.One << shift);
            var denominator = System.Numerics.BigInteger.One << (shift + 1);
            var quotient = System.Numerics.BigInteger.DivRem(numerator, denominator, out var remainder);
            return remainder.Sign < 0 ? quotient - 1 : quotient;
        }
    }

    [Theory]
    [InlineData("States.MathRandom(-2147483648, 0)", true)]
    [InlineData("States.MathRandom(-2147483648, -2147483647)", true)]
    [InlineData("States.MathRandom(2147483646, 2147483647)", true)]
    [InlineData("States.MathRandom(-2147483648.5, 0)", false)]
    [InlineData("States.MathRandom(-2147483649, 0)", false)]
    [InlineData("States.MathRandom(0, 2147483648)", false)]
    [InlineData("States.MathRandom(0, 1e400)", false)]
    public void MathRandom_takes_start_and_end_between_the_ends_of_Javas_int_range(string expression, bool accepted)
    {
        var result = Intrinsics.Evaluate(expression, Input);

        if (accepted)
        {
            Assert.True(result.IsSuccess, result.ToString());
        }
        else
        {
            Assert.Equal("The evaluation of the intrinsic function '" + expression + "' failed: the start and end must be numbers between -2147483648 and 2147483647.", result.Cause);
        }
    }

    [Theory]
    // The intrinsic's text (in a definition's JSON each backslash is written twice more).
    [InlineData(@"States.Format('a\\{}', 1)", @"a\1")]
    [InlineData(@"States.Format('\\\\{}', 1)", @"\\1")]
    [InlineData(@"States.Format('\\\{}')", @"\{}")]
    [InlineData(@"States.Format('\{}{}', 1)", @"{}1")]
    [InlineData(@"States.Format('{\}{}', 1)", @"{}1")]
    [InlineData(@"States.Format('{{}}', 1)", @"{1}")]
    [InlineData(@"States.Format('\'{}\'', 'q')", @"'q'")]
    public void Format_reads_each_escape_of_its_template_once_from_left_to_right(string expression, string expected)
    {
        var result = Intrinsics.Evaluate(expression, Input);

        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected, result.Value.GetString());
    }

    [Fact]
    public void Format_and_JsonToString_write_deeply_nested_values_whole()
    {
        const int depth = 250; // 500 levels: deeper than Format's old cut at 64, within the reader's 512
        var json = string.Concat(Enumerable.Repeat("{\"k\":[", depth)) + "1" + string.Concat(Enumerable.Repeat("]}", depth));
        var input = JsonValue.Parse(json);

        var formatted = Intrinsics.Evaluate("States.Format('{}', $)", input);
        var text = Intrinsics.Evaluate("States.JsonToString($)", input);

        Assert.True(formatted.IsSuccess, formatted.ToString());
        Assert.Equal(string.Concat(Enumerable.Repeat("{k=[", depth)) + "1" + string.Concat(Enumerable.Repeat("]}", depth)), formatted.Value.GetString());
        Assert.Equal(json, text.Value.GetString());
    }

    [Fact]
    public void Format_of_a_value_deeper_than_JSON_is_written_is_an_IntrinsicFailure()
    {
        var value = JsonValue.FromNumber(1);
        for (var i = 0; i <= JsonValueWriter.MaxDepth; i++)
        {
            value = JsonValue.CreateArray(value);
        }

        var result = Intrinsics.Evaluate("States.Format('{}', $.v)", JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("v", value)));

        Assert.Equal(StatesErrorNames.IntrinsicFailure, result.Error);
        Assert.EndsWith("failed: argument 2 nests deeper than 10000 levels.", result.Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_expressions_never_crash_the_evaluators()
    {
        var parts = Gen.OneOfConst("States.Format(", "States.Array(", "States.MathAdd(", "States.ArrayRange(", "States.StringSplit(",
            "$.inputArray", "$..*", "$[?(@ > 1)]", "'a{}'", "1", "0", "-2.5", "1e400", "null", ",", ")", "(", "$$", "true", "'", "\\", "[0]", "[*]");
        parts.Array[1, 12].Sample(tokens =>
        {
            var text = string.Concat(tokens);
            _ = Intrinsics.Evaluate(text, Input);
            _ = JsonPathEvaluator.Evaluate(text, Input);
            if (PayloadTemplate.TryCreate(JsonValue.CreateObject(new KeyValuePair<string, JsonValue>("x.$", text)), out var template, out _))
            {
                _ = template!.Evaluate(Input);
            }
        }, iter: 3000);
    }
}
