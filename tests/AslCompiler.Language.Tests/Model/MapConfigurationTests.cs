using AslCompiler.Language.Model;
using static AslCompiler.Language.Tests.Model.ModelTestText;

namespace AslCompiler.Language.Tests.Model;

public sealed class MapConfigurationTests
{
    private static MapState Map(string fields) =>
        State<MapState>("{'Type':'Map'," + fields + ",'ItemProcessor':{'StartAt':'A','States':{'A':{'Type':'Succeed'}}},'End':true}");

    [Fact]
    public void ReaderConfig_fields()
    {
        var map = Map(
            "'ItemReader':{'Resource':'arn:aws:states:::s3:getObject','Parameters':{'Bucket':'b','Key':'k'}," +
            "'ReaderConfig':{'InputType':'CSV','CSVHeaderLocation':'GIVEN','CSVHeaders':['a','b'],'CSVDelimiter':'SEMICOLON','MaxItemsPath':'$.max'}}");
        var config = map.ItemReader!.ReaderConfig!;
        Assert.Equal(CsvHeaderLocation.Given, config.CsvHeaderLocation);
        Assert.Equal(new[] { "a", "b" }, config.CsvHeaders);
        Assert.Equal(CsvDelimiter.Semicolon, config.CsvDelimiter);
        Assert.Equal("$.max", config.MaxItemsPath);
        Assert.NotNull(map.ItemReader.Parameters);
        Assert.Equal("/States/S/ItemReader/ReaderConfig", config.Pointer);
        Assert.Empty(config.UnknownFields);
    }

    [Fact]
    public void ReaderConfig_manifest_and_transformation_fields()
    {
        var config = Map(
            "'ItemReader':{'Resource':'arn:aws:states:::s3:listObjectsV2','ReaderConfig':{'InputType':'MANIFEST','ManifestType':'ATHENA_DATA'," +
            "'Transformation':'LOAD_AND_FLATTEN','ItemsPointer':'/items','MaxItems':100}}").ItemReader!.ReaderConfig!;
        Assert.Equal(ReaderInputType.Manifest, config.InputType);
        Assert.Equal(ManifestType.AthenaData, config.ManifestType);
        Assert.Equal(ReaderTransformation.LoadAndFlatten, config.Transformation);
        Assert.Equal("/items", config.ItemsPointer);
        Assert.Equal(100, config.MaxItems!.Integer);
    }

    [Theory]
    [InlineData("JSON", ReaderInputType.Json)]
    [InlineData("JSONL", ReaderInputType.Jsonl)]
    [InlineData("PARQUET", ReaderInputType.Parquet)]
    [InlineData("csv", ReaderInputType.Unknown)]
    [InlineData("XML", ReaderInputType.Unknown)]
    public void InputType_values(string value, ReaderInputType expected) =>
        Assert.Equal(expected, Map("'ItemReader':{'ReaderConfig':{'InputType':'" + value + "'}}").ItemReader!.ReaderConfig!.InputType);

    [Fact]
    public void ItemBatcher_path_fields()
    {
        var batcher = Map("'ItemBatcher':{'MaxItemsPerBatchPath':'$.n','MaxInputBytesPerBatchPath':'$.b','Extra':1}").ItemBatcher!;
        Assert.Equal("$.n", batcher.MaxItemsPerBatchPath);
        Assert.Equal("$.b", batcher.MaxInputBytesPerBatchPath);
        Assert.Null(batcher.MaxItemsPerBatch);
        Assert.Equal("Extra", Assert.Single(batcher.UnknownFields).Name);
    }

    [Fact]
    public void ResultWriter_with_parameters_and_default_config()
    {
        var writer = Map("'ResultWriter':{'Resource':'arn:aws:states:::s3:putObject','Parameters':{'Bucket':'b','Prefix':'p'}}").ResultWriter!;
        Assert.NotNull(writer.Parameters);
        Assert.Null(writer.WriterConfig);
        Assert.Empty(writer.UnknownFields);
    }

    [Theory]
    [InlineData("'OutputType':'JSON','Transformation':'NONE'", ResultOutputType.Json, ResultTransformation.None)]
    [InlineData("'OutputType':'CSV','Transformation':'COMPACT'", ResultOutputType.Unknown, ResultTransformation.Compact)]
    public void WriterConfig_values(string fields, ResultOutputType outputType, ResultTransformation transformation)
    {
        var config = Map("'ResultWriter':{'WriterConfig':{" + fields + "}}").ResultWriter!.WriterConfig!;
        Assert.Equal(outputType, config.OutputType);
        Assert.Equal(transformation, config.Transformation);
    }

    [Theory]
    [InlineData("{'Mode':'INLINE'}", ProcessorMode.Inline, null)]
    [InlineData("{'Mode':'DISTRIBUTED','ExecutionType':'STANDARD'}", ProcessorMode.Distributed, ExecutionType.Standard)]
    [InlineData("{'Mode':'PARALLEL','ExecutionType':'FAST'}", ProcessorMode.Unknown, ExecutionType.Unknown)]
    public void ProcessorConfig_values(string config, ProcessorMode mode, ExecutionType? executionType)
    {
        var map = State<MapState>(
            "{'Type':'Map','ItemProcessor':{'ProcessorConfig':" + config + ",'StartAt':'A','States':{'A':{'Type':'Succeed'}}},'End':true}");
        Assert.Equal(mode, map.ItemProcessor!.ProcessorConfig!.Mode);
        Assert.Equal(executionType, map.ItemProcessor.ProcessorConfig.ExecutionType);
    }

    [Fact]
    public void Processor_without_config_is_inline()
    {
        var map = Map("'MaxConcurrency':0");
        Assert.Null(map.ItemProcessor!.ProcessorConfig);
        Assert.Equal(ProcessorMode.Inline, map.ItemProcessor.EffectiveMode);
    }

    [Fact]
    public void Both_ItemProcessor_and_Iterator_are_kept()
    {
        var map = State<MapState>(
            "{'Type':'Map','Iterator':{'StartAt':'I','States':{'I':{'Type':'Succeed'}}}," +
            "'ItemProcessor':{'StartAt':'P','States':{'P':{'Type':'Succeed'}}},'End':true}");
        Assert.Equal("P", map.Processor!.StartAt);
        Assert.Equal("I", map.Iterator!.StartAt);
        Assert.Equal(new[] { "I", "P" }, map.ChildNodes.OfType<ItemProcessor>().Select(p => p.StartAt));
    }
}
