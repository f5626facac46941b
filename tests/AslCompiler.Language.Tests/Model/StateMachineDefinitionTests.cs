using AslCompiler.Language.Model;
using static AslCompiler.Language.Tests.Model.ModelTestText;

namespace AslCompiler.Language.Tests.Model;

public sealed class StateMachineDefinitionTests
{
    [Fact]
    public void Top_level_fields_are_typed()
    {
        var definition = Read(
            "{'Comment':'c','StartAt':'A','Version':'1.0','TimeoutSeconds':300,'QueryLanguage':'JSONata'," +
            "'States':{'A':{'Type':'Succeed'}}}");
        Assert.Equal("c", definition.Comment);
        Assert.Equal("A", definition.StartAt);
        Assert.Equal("1.0", definition.Version);
        Assert.Equal(300, definition.TimeoutSeconds);
        Assert.Equal(QueryLanguage.Jsonata, definition.QueryLanguage);
        Assert.Equal(QueryLanguage.Jsonata, definition.EffectiveQueryLanguage);
        Assert.Same(definition.States[0], definition.StartState);
        Assert.Empty(definition.UnknownFields);
    }

    [Fact]
    public void States_keep_source_order_and_lookup_is_by_name()
    {
        var definition = Read(
            "{'StartAt':'Z','States':{'Z':{'Type':'Pass','Next':'A'},'A':{'Type':'Wait','Seconds':1,'Next':'M'},'M':{'Type':'Succeed'}}}");
        Assert.Equal(new[] { "Z", "A", "M" }, definition.States.Select(s => s.Name));
        Assert.Equal(StateType.Wait, definition.GetState("A")!.Type);
        Assert.Null(definition.GetState("missing"));
        Assert.Equal(new[] { "/States/Z", "/States/A", "/States/M" }, definition.States.Select(s => s.Pointer));
    }

    [Fact]
    public void Wrong_types_read_as_absent_and_keep_their_syntax()
    {
        var definition = Read("{'StartAt':5,'Comment':[],'TimeoutSeconds':'10','Version':1.0,'QueryLanguage':true,'States':[]}");
        Assert.Null(definition.StartAt);
        Assert.Null(definition.Comment);
        Assert.Null(definition.TimeoutSeconds);
        Assert.Null(definition.Version);
        Assert.Null(definition.QueryLanguage);
        Assert.Null(definition.StatesSyntax);
        Assert.Empty(definition.States);
        Assert.Equal("5", definition.GetField("StartAt")!.Value.ToJsonString());
        Assert.True(definition.HasField("States"));
    }

    [Fact]
    public void Fractional_TimeoutSeconds_is_not_an_integer()
    {
        Assert.Null(Read("{'TimeoutSeconds':1.5}").TimeoutSeconds);
    }

    [Fact]
    public void State_members_that_are_not_objects_are_listed_apart()
    {
        var definition = Read("{'StartAt':'A','States':{'A':'Pass','B':{'Type':'Succeed'},'C':null}}");
        Assert.Equal(new[] { "B" }, definition.States.Select(s => s.Name));
        Assert.Equal(new[] { "A", "C" }, definition.NonObjectStates.Select(p => p.Name));
    }

    [Fact]
    public void Unknown_top_level_fields_are_kept_in_source_order()
    {
        var definition = Read("{'Foo':1,'StartAt':'A','Bar':2,'States':{},'Foo':3}");
        Assert.Equal(new[] { "Foo", "Bar", "Foo" }, definition.UnknownFields.Select(f => f.Name));
        Assert.Equal(new[] { "/Foo", "/Bar", "/Foo" }, definition.UnknownFields.Select(f => f.Pointer));
    }

    [Fact]
    public void AllStates_reaches_branches_and_processors_in_document_order()
    {
        var definition = Read(
            "{'StartAt':'P','States':{" +
            "'P':{'Type':'Parallel','Branches':[{'StartAt':'B1','States':{'B1':{'Type':'Pass','End':true}}}],'Next':'M'}," +
            "'M':{'Type':'Map','ItemProcessor':{'StartAt':'I','States':{'I':{'Type':'Succeed'}}},'End':true}}}");
        Assert.Equal(new[] { "P", "B1", "M", "I" }, definition.AllStates().Select(s => s.Name));
    }

    [Theory]
    [InlineData("", null, QueryLanguage.JsonPath, QueryLanguage.JsonPath)]
    [InlineData("'QueryLanguage':'JSONata',", null, QueryLanguage.Jsonata, QueryLanguage.Jsonata)]
    [InlineData("'QueryLanguage':'JSONata',", "JSONPath", QueryLanguage.Jsonata, QueryLanguage.JsonPath)]
    [InlineData("", "JSONata", QueryLanguage.JsonPath, QueryLanguage.Jsonata)]
    [InlineData("'QueryLanguage':'jsonata',", null, QueryLanguage.JsonPath, QueryLanguage.JsonPath)]
    [InlineData("'QueryLanguage':'JSONata',", "XPath", QueryLanguage.Jsonata, QueryLanguage.Jsonata)]
    public void Effective_query_language_is_the_state_s_then_the_definition_s_then_JSONPath(
        string topLevel, string? stateLanguage, QueryLanguage definitionEffective, QueryLanguage stateEffective)
    {
        var own = stateLanguage is null ? string.Empty : ",'QueryLanguage':'" + stateLanguage + "'";
        var definition = Read("{" + topLevel + "'StartAt':'S','States':{'S':{'Type':'Pass','End':true" + own + "}}}");
        Assert.Equal(definitionEffective, definition.EffectiveQueryLanguage);
        Assert.Equal(stateEffective, definition.States[0].EffectiveQueryLanguage);
    }

    [Fact]
    public void Unrecognised_query_language_reads_as_Unknown()
    {
        var definition = Read("{'QueryLanguage':'XPath','StartAt':'S','States':{'S':{'Type':'Succeed','QueryLanguage':'jsonpath'}}}");
        Assert.Equal(QueryLanguage.Unknown, definition.QueryLanguage);
        Assert.Equal(QueryLanguage.Unknown, definition.States[0].QueryLanguage);
        Assert.Equal(QueryLanguage.JsonPath, definition.States[0].EffectiveQueryLanguage);
    }

    [Fact]
    public void Nested_states_inherit_the_top_level_language_not_the_parent_state_s()
    {
        var definition = Read(
            "{'QueryLanguage':'JSONPath','StartAt':'M','States':{'M':{'Type':'Map','QueryLanguage':'JSONata'," +
            "'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Pass','End':true}}},'End':true}}}");
        var map = Assert.IsType<MapState>(definition.States[0]);
        Assert.Equal(QueryLanguage.Jsonata, map.EffectiveQueryLanguage);
        Assert.Equal(QueryLanguage.JsonPath, map.Processor!.States[0].EffectiveQueryLanguage);
    }
}
