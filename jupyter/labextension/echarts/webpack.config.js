// Builds index.js into one UMD script that sets window.echarts, the file
// plugins/chart embeds (make echarts). Run from jupyter/labextension:
//   webpack --config echarts/webpack.config.js --output-path DIR
const path = require('path');

module.exports = {
  mode: 'production',
  entry: path.join(__dirname, 'index.js'),
  output: {
    filename: 'echarts.min.js',
    library: { name: 'echarts', type: 'umd', export: 'default' },
    globalObject: 'this'
  },
  performance: { hints: false },
  devtool: false
};
