import { Alert, Button, FileInput, Group } from '@mantine/core';

/**
 * The first step of both imports on the Data screen (CSV and FHIR): choose a file, then "Check the file";
 * choosing another file clears what the last check showed. Any error reading or checking it is shown below.
 */
export function FileCheck(props: {
  label: string;
  accept: string;
  file: File | null;
  onChoose: (file: File | null) => void;
  onCheck: (file: File) => void;
  busy: boolean;
  checking: boolean;
  error: string | null;
}) {
  const { file } = props;
  return (
    <>
      <Group align="flex-end">
        <FileInput
          label={props.label}
          accept={props.accept}
          value={file}
          onChange={props.onChoose}
          style={{ flex: 1 }}
        />
        <Button
          onClick={() => file && props.onCheck(file)}
          disabled={!file || props.busy}
          loading={props.checking}
        >
          Check the file
        </Button>
      </Group>
      {props.error && (
        <Alert color="red" variant="outline" c="red.9" role="alert">
          {props.error}
        </Alert>
      )}
    </>
  );
}
