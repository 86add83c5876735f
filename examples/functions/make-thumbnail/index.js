// Called once per image by the foreach step in batch-thumbnails.flow.yaml.
exports.handler = async (event) => {
  const { image, index } = JSON.parse(event.toString());
  return { thumbnail: String(image).replace(/(\.\w+)?$/, '-thumb$1'), position: index };
};
