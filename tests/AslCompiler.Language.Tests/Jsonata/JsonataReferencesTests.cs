using AslCompiler.Language.Jsonata;

namespace AslCompiler.Language.Tests.Jsonata;

public sealed class JsonataReferencesTests
{
    private static JsonataReferences References(string expression)
    {
        var result = JsonataParser.Parse(expression);
        Assert.True(result.Success, result.Error?.ToString());
        return result.References;
    }

    [Fact]
    public void Lists_variables_read_and_functions_called()
    {
        var references = References("$states.input.x & $foo($bar) ~> $uppercase");
        Assert.Equal(new[] { "states", "bar" }, references.Variables.Select(v => v.Name));
        Assert.Equal(new[] { "foo", "uppercase" }, references.Functions.Select(f => f.Name));
        Assert.Equal(0, references.Variables[0].Position);
        Assert.Equal(18, references.Functions[0].Position);
        Assert.Equal(1, references.Functions[0].ArgumentCount);
    }

    [Fact]
    public void Finds_eval_anywhere()
    {
        var references = References("{'a': [1, $eval('1')][0]}");
        Assert.Contains(references.Functions, f => f.Name == "eval");
    }

    [Fact]
    public void Local_bindings_are_declared()
    {
        var references = References("($range := function($a, $b){[$a..$b]}; Account.Order@$o#$i.$range(1, $i))");
        Assert.True(references.IsDeclared("range"));
        Assert.True(references.IsDeclared("a"));
        Assert.True(references.IsDeclared("o"));
        Assert.True(references.IsDeclared("i"));
        Assert.False(references.IsDeclared("states"));
        Assert.Contains(references.Functions, f => f.Name == "range");
    }

    [Fact]
    public void Context_and_root_are_variables()
    {
        var references = References("$.a + $$.b");
        Assert.Equal(new[] { "", "$" }, references.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Functions_passed_as_values_are_variables()
    {
        var references = References("$map(a, $string)");
        Assert.Equal(new[] { "map" }, references.Functions.Select(f => f.Name));
        Assert.Equal(new[] { "string" }, references.Variables.Select(v => v.Name));
    }

    [Fact]
    public void Failed_parse_has_no_references()
    {
        var result = JsonataParser.Parse("$foo(");
        Assert.Empty(result.References.Variables);
        Assert.Empty(result.References.Functions);
    }
}
